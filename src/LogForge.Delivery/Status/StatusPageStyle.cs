namespace LogForge.Delivery.Status;

/// <summary>
/// <see cref="StatusPage"/>'s style, inline so the page loads nothing. The pipeline stays one row (it scrolls sideways rather than
/// wrap), so left to right is the promotion order on any screen; the system font stack needs no font file.
/// </summary>
internal static class StatusPageStyle
{
    internal const string Css = """

        :root { color-scheme: light; --ok: #1b6e2a; --info: #1457a8; --warning: #9a4d00; --alarm: #b3141c; --line: #c9ced6; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 1.5rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f5f6f8; }
        h1 { margin: 0 0 .25rem; font-size: 1.5rem; }
        h2 { margin: 0; font-size: 1.15rem; }
        h3 { margin: .75rem 0 .25rem; font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: #5a6270; }
        code { font: .85em/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
        header.page p { margin: 0 0 1rem; }
        .pipeline { display: flex; flex-wrap: nowrap; align-items: stretch; list-style: none; margin: 0 0 1.5rem; padding: 0; overflow-x: auto; }
        .arrow { flex: 0 0 3rem; align-self: center; text-align: center; color: #5a6270; }
        .env { flex: 1 1 0; min-width: 17rem; background: #fff; border: 1px solid var(--line); border-top: 6px solid var(--state); border-radius: 8px; padding: .9rem 1rem; }
        .env > header { display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
        .env.ok { --state: var(--ok); } .env.info { --state: var(--info); } .env.warning { --state: var(--warning); } .env.alarm { --state: var(--alarm); }
        .state { padding: .1rem .55rem; border-radius: 999px; background: var(--state); color: #fff; font-weight: 600; text-transform: uppercase; font-size: .8rem; }
        .where { margin: .35rem 0 0; color: #5a6270; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: 0; }
        dt { color: #5a6270; }
        dd { margin: 0; min-width: 0; }
        .message { display: block; color: #3b4250; }
        .topology { color: #5a6270; }
        .problem { color: var(--alarm); font-weight: 600; }
        .none { margin: 0; color: #5a6270; }
        .flags { list-style: none; margin: 0; padding: 0; }
        .flag { margin: .3rem 0; padding: .35rem .5rem; border-left: 4px solid var(--level); background: #f7f8fa; }
        .flag.info { --level: var(--info); } .flag.warning { --level: var(--warning); } .flag.alarm { --level: var(--alarm); }
        .flag .level { font-weight: 700; text-transform: uppercase; font-size: .75rem; color: var(--level); }
        section.whole, section.pulls { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .9rem 1rem; margin-bottom: 1.5rem; }
        section.whole h2, section.pulls h2 { margin-bottom: .5rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        a { color: var(--info); }
        footer dl { color: #5a6270; }

        """;
}
