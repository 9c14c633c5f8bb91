"""The pages of the demo portal, as text: one module per CMS whose article pages the
sections imitate (trs, hanweb, dedecms), the seed article's own page (seed), and the
parts every section shares (chrome: head, header, footer, side boxes; lists, home and
404, feeds). demo/build.py encodes and writes them."""
