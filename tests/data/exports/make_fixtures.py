#!/usr/bin/env python3
"""Writes one small X conversation in the shapes people save it in, for
tests/exports.rs: twarc2-flattened JSON lines, the same tweets as one API
response page, and the CSV that twarc-csv writes from the flattened file
with its default options, with --no-process-entities, and with
--json-encode-all. The records are made up; the shapes follow twarc2's
flatten (referenced tweets merged into referenced_tweets[] entries) and
twarc-csv's documented encoding (entities as JSON lists of "@user" /
"#tag" strings unless --no-process-entities; every cell JSON-encoded with
--json-encode-all; newlines in text written as \\n).

Run from this folder: python3 make_fixtures.py
"""

import csv
import json

USERS = {
    "10": {"id": "10", "username": "DrAnaRana", "name": "Dr Ana Rana", "public_metrics": {"followers_count": 5400}},
    "11": {"id": "11", "username": "BenKoh", "name": "Ben Koh", "public_metrics": {"followers_count": 310}},
    "12": {"id": "12", "username": "ClaraMSL", "name": "Clara, MSL", "public_metrics": {"followers_count": 95}},
    "13": {"id": "13", "username": "DevPatel", "name": "Dev Patel", "public_metrics": {"followers_count": 20}},
}


def mention(uid):
    return {"start": 0, "end": 1, "username": USERS[uid]["username"], "id": uid}


def tag(t):
    return {"start": 0, "end": 1, "tag": t}


T1 = {
    "id": "101", "conversation_id": "101", "author_id": "10", "created_at": "2026-03-02T09:00:00.000Z",
    "text": "New #RWE data on checkpoint blockade,\nthoughts @BenKoh @DevPatel?", "lang": "en",
    "entities": {"hashtags": [tag("RWE")], "mentions": [mention("11"), mention("13")],
                 "urls": [{"start": 0, "end": 1, "url": "https://t.co/x", "expanded_url": "https://example.org/rwe", "display_url": "example.org/rwe"}]},
}
T2 = {
    "id": "102", "conversation_id": "101", "author_id": "11", "created_at": "2026-03-02T09:30:00.000Z",
    "text": "@DrAnaRana great, looping in @ClaraMSL", "lang": "en", "in_reply_to_user_id": "10",
    "referenced_tweets": [{"type": "replied_to", "id": "101"}],
    "entities": {"mentions": [mention("10"), mention("12")]},
}
T3 = {
    "id": "103", "conversation_id": "103", "author_id": "12", "created_at": "2026-03-02T10:00:00.000Z",
    "text": "RT @DrAnaRana: New #RWE data on checkpoint blockade,\nthoughts @BenKoh @DevPatel?", "lang": "en",
    "referenced_tweets": [{"type": "retweeted", "id": "101"}],
    "entities": {"hashtags": [tag("RWE")], "mentions": [mention("10"), mention("11"), mention("13")]},
}
T4 = {
    "id": "104", "conversation_id": "104", "author_id": "12", "created_at": "2026-03-02T11:00:00.000Z",
    "text": "Agree with @BenKoh #RealWorldEvidence", "lang": "en",
    "referenced_tweets": [{"type": "quoted", "id": "102"}],
    "entities": {"hashtags": [tag("RealWorldEvidence")], "mentions": [mention("11")]},
}
T5 = {
    "id": "105", "conversation_id": "105", "author_id": "11", "created_at": "2026-03-03T08:00:00.000Z",
    "text": "@DevPatel see the #rwe thread", "lang": "en",
    "entities": {"hashtags": [tag("rwe")], "mentions": [mention("13")]},
}
TWEETS = [T1, T2, T3, T4, T5]
BY_ID = {t["id"]: t for t in TWEETS}


def flattened(t):
    """twarc2 flatten: author expanded, referenced tweets merged into their entries."""
    f = json.loads(json.dumps(t))
    f["author"] = USERS[t["author_id"]]
    if "in_reply_to_user_id" in t:
        f["in_reply_to_user"] = USERS[t["in_reply_to_user_id"]]
    for r in f.get("referenced_tweets", []):
        ref = json.loads(json.dumps(BY_ID[r["id"]]))
        ref["author"] = USERS[ref["author_id"]]
        r.update(ref)
        r["type"] = [x["type"] for x in t["referenced_tweets"] if x["id"] == r["id"]][0]
    f["__twarc"] = {"url": "https://api.twitter.com/2/tweets/search/recent", "version": "2.14.0", "retrieved_at": "2026-03-04T00:00:00+00:00"}
    return f


def page():
    return {
        "data": TWEETS,
        "includes": {"users": list(USERS.values()), "tweets": [T1, T2]},
        "meta": {"result_count": len(TWEETS), "newest_id": "105", "oldest_id": "101"},
    }


COLUMNS = [
    "id", "conversation_id", "referenced_tweets.replied_to.id", "referenced_tweets.retweeted.id",
    "referenced_tweets.quoted.id", "author_id", "in_reply_to_user_id", "in_reply_to_username",
    "retweeted_user_id", "retweeted_username", "quoted_user_id", "quoted_username", "created_at", "text",
    "lang", "entities.hashtags", "entities.mentions", "entities.urls", "author.id", "author.username",
    "author.name", "author.public_metrics.followers_count", "__twarc.retrieved_at",
]


def row(f, process_entities):
    """One row as twarc-csv's DataFrameConverter makes it (merge_retweets on)."""
    refs = {r["type"]: r for r in f.get("referenced_tweets", [])}
    cells = {c: None for c in COLUMNS}
    cells.update({"id": f["id"], "conversation_id": f["conversation_id"], "author_id": f["author_id"],
                  "created_at": f["created_at"], "text": f["text"], "lang": f["lang"],
                  "in_reply_to_user_id": f.get("in_reply_to_user_id"),
                  "author.id": f["author"]["id"], "author.username": f["author"]["username"],
                  "author.name": f["author"]["name"],
                  "author.public_metrics.followers_count": f["author"]["public_metrics"]["followers_count"],
                  "__twarc.retrieved_at": f["__twarc"]["retrieved_at"]})
    entities = f.get("entities", {})
    for kind, col in [("replied_to", "in_reply_to"), ("retweeted", "retweeted"), ("quoted", "quoted")]:
        if kind in refs:
            cells[f"referenced_tweets.{kind}.id"] = refs[kind]["id"]
            if kind != "replied_to":
                cells[f"{col}_user_id"] = refs[kind]["author_id"]
            cells[f"{col}_username"] = refs[kind]["author"]["username"]
    if "retweeted" in refs:
        cells["text"] = refs["retweeted"]["text"]
        entities = refs["retweeted"].get("entities", {})
    for key in ["hashtags", "mentions", "urls"]:
        if key not in entities:
            continue
        items = entities[key]
        if process_entities:
            items = {"hashtags": lambda e: "#" + e["tag"], "mentions": lambda e: "@" + e["username"],
                     "urls": lambda e: e["expanded_url"]}[key]
            items = [items(e) for e in entities[key]]
        cells[f"entities.{key}"] = items
    return cells


def write_csv(name, process_entities=True, encode_all=False):
    with open(name, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(COLUMNS)
        for t in TWEETS:
            cells = row(flattened(t), process_entities)
            values = []
            for c in COLUMNS:
                v = cells[c]
                if v is None:
                    values.append("")
                elif encode_all:
                    values.append(json.dumps(v))
                elif isinstance(v, list):
                    values.append(json.dumps(v))
                elif isinstance(v, str):
                    values.append(v.replace("\r", "").replace("\n", r"\n"))
                else:
                    values.append(v)
            w.writerow(values)


ANA, BEN, CLARA = "did:plc:anaanaanaanaanaanaanaana", "did:plc:benbenbenbenbenbenbenben", "did:plc:claraclaraclaraclaraclar"
HANDLES = {ANA: "drana.bsky.social", BEN: "benkoh.bsky.social", CLARA: "claramsl.bsky.social"}


def bsky_view(did, rkey, text, created, reply_to=None, mention=None):
    record = {"$type": "app.bsky.feed.post", "createdAt": created, "text": text, "langs": ["en"]}
    if reply_to:
        record["reply"] = {"root": {"uri": reply_to, "cid": "bafyroot"}, "parent": {"uri": reply_to, "cid": "bafyparent"}}
    if mention:
        handle = "@" + HANDLES[mention]
        start = text.encode().find(handle.encode())
        record["facets"] = [{"index": {"byteStart": start, "byteEnd": start + len(handle.encode())},
                             "features": [{"$type": "app.bsky.richtext.facet#mention", "did": mention}]}]
    return {"uri": f"at://{did}/app.bsky.feed.post/{rkey}", "cid": "bafy" + rkey,
            "author": {"did": did, "handle": HANDLES[did], "displayName": HANDLES[did].split(".")[0]},
            "record": record, "replyCount": 0, "repostCount": 0, "likeCount": 0, "quoteCount": 0,
            "indexedAt": created}


def bluesky_feed():
    """getAuthorFeed of ana as a browser saves it: one document, indented;
    a repost under the 2023 reason type; a post view without author."""
    a1 = bsky_view(ANA, "3lana1", "RWE registry is out, @benkoh.bsky.social", "2026-03-02T09:00:00.000Z", mention=BEN)
    b1 = bsky_view(BEN, "3lben1", "Congrats!", "2026-03-02T09:10:00.000Z", reply_to=a1["uri"])
    feed = [
        {"post": a1},
        {"post": b1, "reply": {"root": a1, "parent": a1}},
        {"post": a1, "reason": {"$type": "app.bsky.feed.feedViewPost#reasonRepost",
                                "by": {"did": CLARA, "handle": HANDLES[CLARA]}, "indexedAt": "2026-03-02T10:00:00.000Z"}},
        {"post": {"uri": f"at://{CLARA}/app.bsky.feed.post/3lbad", "cid": "bafybad", "record": {"text": "no author"}}},
    ]
    return {"feed": feed, "cursor": "2026-03-02T09:00:00.000Z"}


def bluesky_thread():
    a1 = bsky_view(ANA, "3lana1", "RWE registry is out", "2026-03-02T09:00:00.000Z")
    b1 = bsky_view(BEN, "3lben1", "Congrats!", "2026-03-02T09:10:00.000Z", reply_to=a1["uri"])
    c1 = bsky_view(CLARA, "3lcla1", "Thanks for sharing", "2026-03-02T09:20:00.000Z", reply_to=b1["uri"])
    node = lambda p, **kw: dict({"$type": "app.bsky.feed.defs#threadViewPost", "post": p}, **kw)
    return {"thread": node(b1, parent=node(a1), replies=[node(c1, replies=[]),
            {"$type": "app.bsky.feed.defs#blockedPost", "uri": f"at://{CLARA}/app.bsky.feed.post/3lx", "blocked": True,
             "author": {"did": CLARA}}])}


def mastodon_status(sid, user, text, created, **kw):
    acct = {"id": str(len(user)), "username": user, "acct": user, "display_name": user.title(),
            "url": f"https://med.example/@{user}", "followers_count": 10}
    s = {"id": sid, "created_at": created, "content": f"<p>{text}</p>", "language": "en",
         "url": f"https://med.example/@{user}/{sid}", "uri": f"https://med.example/users/{user}/statuses/{sid}",
         "in_reply_to_id": None, "in_reply_to_account_id": None, "reblog": None, "account": acct,
         "mentions": [], "tags": [], "replies_count": 0, "reblogs_count": 0, "favourites_count": 0}
    s.update(kw)
    return s


def mastodon_timeline():
    """GET /api/v1/timelines/tag/rwe saved with curl | jq: a JSON array."""
    a = mastodon_status("111", "ana", "New #rwe registry, @ben", "2026-03-02T09:00:00.000Z",
                        mentions=[{"id": "3", "username": "ben", "acct": "ben", "url": "https://med.example/@ben"}],
                        tags=[{"name": "rwe", "url": "https://med.example/tags/rwe"}])
    r = mastodon_status("112", "clara", "", "2026-03-02T10:00:00.000Z", reblog=a)
    bad = mastodon_status("113", "ben", "no account", "2026-03-02T11:00:00.000Z")
    del bad["account"]
    return [a, r, bad]


def v1_status(sid, uid, screen, text, **kw):
    s = {"created_at": "Mon Mar 02 09:00:00 +0000 2026", "id": int(sid), "id_str": sid, "full_text": text,
         "truncated": False, "entities": {"hashtags": [], "user_mentions": []},
         "user": {"id": int(uid), "id_str": uid, "name": screen, "screen_name": screen, "followers_count": 5},
         "in_reply_to_status_id_str": None, "in_reply_to_user_id_str": None, "in_reply_to_screen_name": None,
         "is_quote_status": False, "retweet_count": 0, "favorite_count": 0}
    s.update(kw)
    return s


def v1_search():
    """GET search/tweets.json: two response pages, one per line."""
    a = v1_status("201", "10", "DrAnaRana", "RWE day")
    b = v1_status("202", "11", "BenKoh", "@DrAnaRana yes", in_reply_to_status_id_str="201",
                  in_reply_to_user_id_str="10", in_reply_to_screen_name="DrAnaRana",
                  entities={"hashtags": [], "user_mentions": [{"id_str": "10", "screen_name": "DrAnaRana"}]})
    c = v1_status("203", "12", "ClaraMSL", "RT @DrAnaRana: RWE day", retweeted_status=a)
    return [{"statuses": [a, b], "search_metadata": {"count": 2, "next_results": "?max_id=200"}},
            {"statuses": [c], "search_metadata": {"count": 1}}]


def main():
    with open("bluesky-feed.json", "w", encoding="utf-8") as out:
        out.write(json.dumps(bluesky_feed(), indent=2) + "\n")
    with open("bluesky-thread.json", "w", encoding="utf-8") as out:
        out.write(json.dumps(bluesky_thread()) + "\n")
    with open("bluesky-search.jsonl", "w", encoding="utf-8") as out:
        out.write(json.dumps({"posts": [bluesky_feed()["feed"][0]["post"], bluesky_feed()["feed"][1]["post"]], "hitsTotal": 2}) + "\n")
    with open("mastodon-timeline.json", "w", encoding="utf-8") as out:
        out.write(json.dumps(mastodon_timeline(), indent=2) + "\n")
    with open("x-v1-search.jsonl", "w", encoding="utf-8") as out:
        for p in v1_search():
            out.write(json.dumps(p) + "\n")

    with open("conversation-flat.jsonl", "w", encoding="utf-8") as out:
        for t in TWEETS:
            out.write(json.dumps(flattened(t)) + "\n")
    with open("conversation-page.jsonl", "w", encoding="utf-8") as out:
        out.write(json.dumps(page()) + "\n")
    write_csv("twarc-default.csv")
    write_csv("twarc-no-process-entities.csv", process_entities=False)
    write_csv("twarc-json-encode-all.csv", encode_all=True)


if __name__ == "__main__":
    main()
