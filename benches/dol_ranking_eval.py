#!/usr/bin/env python3
"""How well does each ranking find the planted DOLs of the sample, and
does it fall for the planted noise (flooders, news outlets, pods)?

    cargo run --release -- analyze data/sample/*.jsonl data/sample/*.csv \\
        --topics data/topics.toml --out /tmp/sample-topics -q
    python3 benches/dol_ranking_eval.py /tmp/sample-topics

Compares, per topic, dolgraph's topic score (topics.csv) with
Topic-Sensitive PageRank (Haveliwala 2002: PageRank whose teleport goes
to the topic's accounts, here every account with on-topic posts, uniformly,
on the whole weighted graph from edges.csv), and with global PageRank and
weighted in-degree. Prints precision@5 against the planted DOLs of
data/README.md and the best (smallest) rank reached by a noise account.
Python 3.11, standard library only.
"""

import csv
import sys

PLANTED = {
    "immuno-oncology": ["DrMarenKestholt", "QuendaleLab", "TamsinOrlwick", "owynmere@med.example",
                        "pstalbrook@sciences.example", "DrTarrvane", "SelgardeIO", "NilsOncPharmD",
                        "InesVellmontRWE"],
    "rwe": ["InesVellmontRWE", "FarahCalderEpi", "rivelgarde@epi.example", "NilsOncPharmD", "GilstowDF",
            "PellmontRDF", "OrlbarrowGI"],
    "t2d-glp1": ["DrKenjiMarrow", "AmaraZellPharmD", "JonahT1D", "FarahCalderEpi", "mdunridge@med.example",
                 "noorcgm@t1d.example", "DrTorstow", "T2DWithTariq", "GilstowDF"],
    "vaccines": ["DrIdrisFenholt", "NurseLinneaRN", "UllmarkPHI", "dorlstead@med.example",
                 "hollisfieldphs@publichealth.example", "DrWanjiruPeds", "VaxFactsRowan"],
    "rare-disease": ["SorayaRareMom", "PellmontRDF", "DrAshbarrow", "cyarrowby@rare.example",
                     "abrinvale@med.example", "EsmeRareVoice", "OrlbarrowGI"],
}
NOISE = {
    "flooder": ["ImmunoDeals247", "rarecure_clinic@deals.example", "NaturalImmun4U"],
    "news": ["FerncastleNews", "eveningpost@news.example", "QuenmouthHerald"],
    "pod": ["GlowWithGwen", "LeanLifeLeo", "VitalVeraFit", "MacroMaxxed", "ShredWithSia",
            "fitfenna@wellness.example", "coachcorin@wellness.example", "leanlior@wellness.example",
            "vitalvesna@wellness.example", "GlowWithGita", "FitFinnFuel", "LeanLunaLife", "MaxMacroMoe"],
}


def personalised_pagerank(out_links: dict[str, dict[str, float]], teleport: dict[str, float]) -> dict[str, float]:
    """PageRank, damping 0.85, teleport and dangling mass to `teleport`."""
    total = sum(teleport.values())
    v = {i: teleport.get(i, 0.0) / total for i in out_links}
    p = dict(v)
    for _ in range(1000):
        nxt = {i: 0.0 for i in out_links}
        dangling = 0.0
        for u, links in out_links.items():
            w = sum(links.values())
            if w == 0:
                dangling += p[u]
                continue
            for t, x in links.items():
                nxt[t] += 0.85 * p[u] * x / w
        for i in nxt:
            nxt[i] += (0.15 + 0.85 * dangling) * v[i]
        change = sum(abs(nxt[i] - p[i]) for i in p)
        p = nxt
        if change < 1e-12:
            break
    return p


def main(out: str) -> None:
    accounts = list(csv.DictReader(open(f"{out}/accounts.csv", newline="", encoding="utf-8")))
    handle = {a["id"]: a["handle"] or a["id"] for a in accounts}
    out_links: dict[str, dict[str, float]] = {i: {} for i in handle}
    for e in csv.DictReader(open(f"{out}/edges.csv", newline="", encoding="utf-8")):
        links = out_links[e["source"]]
        links[e["target"]] = links.get(e["target"], 0.0) + float(e["weight"])
    pagerank = {a["id"]: float(a["pagerank"]) for a in accounts}
    in_weight = {a["id"]: float(a["in_weight"]) for a in accounts}
    topics = {}
    for r in csv.DictReader(open(f"{out}/topics.csv", newline="", encoding="utf-8")):
        topics.setdefault(r["topic"], []).append(r["handle"])

    def report(name: str, ranked: list[str], topic: str) -> None:
        planted = set(PLANTED[topic])
        p5 = sum(h in planted for h in ranked[:5]) / 5
        best = {}
        for kind, names in NOISE.items():
            ranks = [ranked.index(h) + 1 for h in names if h in ranked]
            best[kind] = min(ranks) if ranks else "-"
        print(f"| {topic} | {name} | {p5:.1f} | {best['flooder']} | {best['news']} | {best['pod']} |")

    print("| topic | ranking | precision@5 | best flooder rank | best news rank | best pod rank |")
    print("|---|---|---|---|---|---|")
    for topic in PLANTED:
        col = f"affinity_{topic}"
        on_topic = {a["id"]: 1.0 for a in accounts if float(a[col]) > 0}
        tspr = personalised_pagerank(out_links, on_topic)
        by = lambda score: [handle[i] for i in sorted(score, key=lambda i: (-score[i], int(i) if i.isdigit() else 0, i))]
        report("dolgraph topic score", topics.get(topic, []), topic)
        report("topic-sensitive PageRank", by(tspr), topic)
        report("PageRank", by(pagerank), topic)
        report("weighted in-degree", by(in_weight), topic)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
