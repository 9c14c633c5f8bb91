"""Datasette plugin: a facet of dates newest first (``{"newest": "published_month"}``).

Datasette's column facet lists values by how many rows have them: months and days are
read in their order, the latest at the top, not by their counts.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class NewestFirstFacet(ColumnFacet):
    type = "newest"

    async def suggest(self):
        return []  # offered by the archive's settings, never suggested

    async def facet_results(self):
        results, timed_out = [], []
        pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            column = (
                source_and_config["config"].get("column") or source_and_config["config"]["simple"]
            )
            sql = (
                f"select {escape_sqlite(column)} as value, count(*) as count from ({self.sql})"
                f" where {escape_sqlite(column)} is not null group by value"
                f" order by value desc limit {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database, sql, self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )  # fmt: skip
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                selected = (column, str(row["value"])) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                path = change(self.request, {column: str(row["value"])})
                values.append({
                    "value": row["value"], "label": row["value"], "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                    "selected": selected,
                })  # fmt: skip
            results.append({
                "name": column, "type": self.type, "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_newest": column})),
                "results": values, "truncated": len(rows) > size,
            })  # fmt: skip
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [NewestFirstFacet]
