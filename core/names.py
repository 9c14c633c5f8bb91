"""Chinese personal names as bylines give them: the common surnames a name read without a
label must start with, and the words a byline's name slots catch that are no one's name.
The labels around names are in core.vocabulary."""

from __future__ import annotations

#: The common surnames (and the first characters of the compound ones: 欧阳, 司马, 上官):
#: a name read without a label (（张巨峰） closing the text, a name alone under the
#: headline) must start with one, so that 北京, 手记 or 联系 are never taken for one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原"
    "栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
    "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕"
    "危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由上东西夏侯"
    "鄂桓钭晏郦粱甯隗禄竺涂詹"
)
#: Words a byline's name slots catch that are no one's name, even after a surname: 单位
#: (作者单位), 查看更多, 个人观点 (仅代表作者个人观点), 手记 (记者手记).
NOT_NAME_WORDS = frozenset(
    [
        "手记",
        "单位",
        "联系",
        "个人观点",
        "观点",
        "查看更多",
        "更多",
        "查看",
        "综合",
        "整理",
        "编译",
        "待续",
        "未完待续",
        "全文完",
        "供图",
        "资料",
        "资料图",
        "获悉",
        "了解到",
        "采访",
        "调查",
        "走访",
        "手机",
        "简介",
        "介绍",
        "信箱",
        "邮箱",
        "电话",
        "热线",
        "留言",
        "提问",
        "问答",
        "专访",
        "连线",
        "观察",
        "来信",
        "一线",
        "现场",
        # the provinces and the country: a dateline's place (本报北京电), never a writer
        *[
            "北京",
            "上海",
            "天津",
            "重庆",
            "河北",
            "山西",
            "辽宁",
            "吉林",
            "黑龙江",
            "江苏",
            "浙江",
            "安徽",
            "福建",
            "江西",
            "山东",
            "河南",
        ],
        *[
            "湖北",
            "湖南",
            "广东",
            "海南",
            "四川",
            "贵州",
            "云南",
            "陕西",
            "甘肃",
            "青海",
            "台湾",
            "内蒙古",
            "广西",
            "西藏",
            "宁夏",
            "新疆",
        ],
        *["香港", "澳门", "中国", "全国", "中央"],
    ]
)
