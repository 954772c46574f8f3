"""An evaluation report as a self-contained HTML page: the summary table and every question."""

from __future__ import annotations

import html
from pathlib import Path

from retrieval import METRICS, Report


def write_html(report: Report, path: Path, title: str = "citebot evaluation") -> None:
    esc = html.escape
    names = [n for n in report.summary if n != "all"] + ["all"]
    head = "".join(f"<th>{esc(label)}</th>" for label, _, _ in METRICS)
    body = []
    for n in names:
        m = report.summary[n]
        cells = []
        for _, key, fmt in METRICS:
            v = m.get(key)
            if v is None:
                cells.append("<td>-</td>")
                continue
            bar = ""
            if 0 <= v <= 1 and key != "n":
                bar = f'<div class="bar" style="width:{v * 100:.0f}%"></div>'
            cells.append(f"<td>{bar}<span>{esc(fmt.format(v))}</span></td>")
        body.append(f"<tr><th>{esc(n)}</th>{''.join(cells)}</tr>")
    qrows = []
    for r in report.questions:
        verdict = {1.0: "right", 0.0: "declined", -1.0: "wrong"}[r["score"]]
        qrows.append(
            f'<tr class="{verdict}"><td>{esc(r["id"])}</td><td>{esc(r["question_type"])}</td>'
            f'<td>{esc(r["question"])}</td><td>{esc(" | ".join(r["gold"]))}</td><td>{esc(r["answer"])}</td>'
            f'<td>{esc(", ".join(r["cited"]))}</td><td>{verdict}</td><td>{r["latency_ms"]:.0f}</td></tr>'
        )
    settings = ", ".join(f"{k}={v}" for k, v in report.settings.items())
    path.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2em;color:#222}} table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #ddd;padding:4px 8px;font-size:13px;vertical-align:top}} td{{position:relative}}
.bar{{position:absolute;left:0;top:0;bottom:0;background:#cde;z-index:-1}}
tr.right td:nth-child(7){{color:#080}} tr.wrong td:nth-child(7){{color:#b00}} tr.declined td:nth-child(7){{color:#888}}
</style></head><body><h1>{esc(title)}</h1><p>{esc(settings)}</p>
<table><tr><th>type</th>{head}</tr>{''.join(body)}</table>
<h2>Questions</h2><table><tr><th>id</th><th>type</th><th>question</th><th>gold</th><th>answer</th><th>cited</th>
<th>verdict</th><th>ms</th></tr>{''.join(qrows)}</table></body></html>""", encoding="utf-8")
