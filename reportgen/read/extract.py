"""The dataset as plain JSON-ready data (`reportgen extract --json`)."""

from __future__ import annotations

from reportgen.core import model as m
from reportgen.core.catalog import Catalog


def typed_json(v):
    if isinstance(v, m.Ratio):
        return v.to_json()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def dataset_json(ds: m.Dataset, catalog: Catalog) -> dict:
    indicators = []
    for iid, ind in catalog.indicators.items():
        roles = ds.values.get(iid)
        if not roles:
            continue
        values = {role: {"value": typed_json(v.value), "source": v.source.ref if v.source else None}
                  for role, v in roles.items()}
        first = next((v.source.sheet for v in roles.values() if v.source), None)
        printed = [a.id for a in catalog.annexes if a.id in ind.annexes]  # print order: Mẫu 01/TE before PL6
        annex = next((a.id for a in catalog.annexes if a.sheet == first), printed[0] if printed else "")
        row = next((r for a in catalog.annexes if a.id == annex for r in a.rows if r.indicator == iid), None)
        indicators.append({
            "id": iid, "annex": annex, "annexes": printed, "tt": row.tt if row else "",
            "name": ind.name, "unit": ind.unit, "kind": ind.kind, "values": values,
            "extra": {role: v.value for role, v in ds.extra.get(iid, {}).items()},
        })
    return {
        "file": ds.file, "unit": ds.unit, "period": ds.period.code, "catalog_version": ds.catalog_version,
        "info": dict(ds.info.fields), "indicators": indicators, "narrative": dict(ds.narrative),
        "records": {k: [{kk: typed_json(vv) for kk, vv in r.items()} for r in rows]
                    for k, rows in ds.records.items()},
        "problems": [f.to_json() for f in ds.problems],
    }
