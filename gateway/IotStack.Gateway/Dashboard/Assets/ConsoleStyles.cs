namespace IotStack.Gateway.Dashboard.Assets;

/// <summary>The console's only stylesheet (served by the console, no CDN: gateways often run without internet).</summary>
internal static class ConsoleStyles
{
    public const string Css = """
        :root { --bg:#f6f7f9; --fg:#1d232b; --muted:#667085; --line:#d8dde5; --accent:#1f6feb; --ok:#1a7f37; --warn:#b35900; --bad:#c62828; }
        * { box-sizing:border-box; }
        body { margin:0; font:15px/1.45 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
        header { display:flex; flex-wrap:wrap; align-items:center; gap:.5rem 1rem; padding:.6rem 1rem; background:#111827; color:#fff; }
        header a { color:#cbd5e1; text-decoration:none; }
        header a.active, header a:hover { color:#fff; }
        header nav { display:flex; flex-wrap:wrap; gap:.8rem; flex:1; }
        .brand { font-weight:700; color:#fff; }
        .who small { color:#9ca3af; }
        main { padding:1rem; max-width:1200px; margin:0 auto; }
        h1 { font-size:1.4rem; margin:.2rem 0 1rem; } h2 { font-size:1.1rem; margin:1.4rem 0 .5rem; }
        .cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(130px, 1fr)); gap:.6rem; }
        .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:.7rem; display:flex; flex-direction:column; }
        .card .value { font-size:1.6rem; font-weight:700; } .card .label { color:var(--muted); }
        .scroll { overflow-x:auto; }
        table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); }
        th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
        th { background:#eef1f5; font-weight:600; }
        .badge { display:inline-block; padding:0 .45rem; border-radius:999px; font-size:.8rem; color:#fff; background:var(--muted); }
        .badge.online { background:var(--ok); } .badge.offline, .badge.critical { background:var(--bad); } .badge.warning { background:var(--warn); } .badge.info { background:var(--accent); }
        .firmware { display:flex; flex-wrap:wrap; gap:.4rem 1rem; list-style:none; padding:0; }
        form.inline { display:inline; }
        button { font:inherit; padding:.3rem .7rem; border-radius:6px; border:1px solid var(--line); background:#fff; cursor:pointer; }
        button.ack, button.run-command, #sign-in { background:var(--accent); color:#fff; border-color:var(--accent); }
        button.resolve { border-color:var(--ok); color:var(--ok); }
        button.start { background:var(--accent); color:#fff; border-color:var(--accent); } button.danger { border-color:var(--bad); color:var(--bad); }
        section.campaign { border:1px solid var(--line); border-radius:8px; padding:.5rem .8rem; margin:.8rem 0; background:#fff; }
        section.campaign .controls { display:flex; gap:.4rem; margin:.4rem 0; } td.zero { color:var(--muted); }
        form.start-rollout { display:flex; flex-wrap:wrap; gap:.5rem; align-items:end; margin:.5rem 0 1rem; } form.start-rollout input[type=number] { width:5rem; }
        button.link { background:none; border:none; color:#cbd5e1; padding:0; }
        input, select { font:inherit; padding:.3rem .4rem; border:1px solid var(--line); border-radius:6px; max-width:100%; }
        form.login { display:flex; flex-direction:column; gap:.7rem; max-width:320px; }
        form.login label, form.run label { display:flex; flex-direction:column; gap:.2rem; }
        form.run, form.search { display:flex; flex-wrap:wrap; align-items:flex-end; gap:.5rem; margin:.5rem 0; }
        .pick { display:flex; flex-wrap:wrap; gap:.3rem; margin:.4rem 0; }
        .pick a { padding:.15rem .55rem; border:1px solid var(--line); border-radius:999px; text-decoration:none; color:var(--fg); background:#fff; }
        .pick a.active { background:var(--accent); color:#fff; border-color:var(--accent); }
        .chart-box { margin:.5rem 0; background:#fff; border:1px solid var(--line); border-radius:8px; padding:.4rem; }
        svg.chart { width:100%; height:auto; display:block; }
        svg .band { fill:#1f6feb22; stroke:none; } svg .envelope { fill:#64748b33; stroke:none; }
        svg .mean { fill:none; stroke:var(--accent); stroke-width:1.5; vector-effect:non-scaling-stroke; }
        svg .limit { stroke:var(--warn); stroke-dasharray:6 4; vector-effect:non-scaling-stroke; }
        svg .anomaly { fill:var(--bad); stroke:#fff; stroke-width:1.5; }
        svg .axis { font-size:11px; fill:var(--muted); } svg .axis.end, svg .tick-y { text-anchor:end; } svg .axis.mid { text-anchor:middle; }
        svg .grid { stroke:var(--line); stroke-width:1; vector-effect:non-scaling-stroke; }
        svg .limit-label { font-size:11px; fill:var(--warn); text-anchor:end; }
        figcaption { color:var(--muted); font-size:.85rem; }
        .facts { display:grid; grid-template-columns:max-content 1fr; gap:.2rem .8rem; }
        .facts dt { color:var(--muted); } .facts dd { margin:0; }
        .timeline, .results { list-style:none; padding:0; } .timeline li, .results li { padding:.3rem 0; border-bottom:1px solid var(--line); }
        .timeline time, .results time { color:var(--muted); font-size:.85rem; } .kind { font-weight:600; }
        .host { background:#fff; border:1px solid var(--line); border-radius:8px; padding:.2rem .8rem .6rem; margin-bottom:.8rem; }
        pre { white-space:pre-wrap; word-break:break-word; background:#0f172a; color:#e2e8f0; padding:.5rem; border-radius:6px; max-height:300px; overflow:auto; }
        .na { color:var(--warn); } .empty { color:var(--muted); } .error { color:var(--bad); }
        table.logs tr.trace td, table.logs tr.debug td { color:var(--muted); }
        table.logs tr.warning td { color:var(--warn); }
        table.logs tr.error td { color:var(--bad); }
        table.logs tr.critical td { color:#fff; background:var(--bad); font-weight:600; }
        @media (max-width: 640px) { .wide { display:none; } main { padding:.6rem; } header nav { order:3; flex-basis:100%; } }
        """;
}
