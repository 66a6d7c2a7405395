#!/usr/bin/env python3
"""Write the roster fixtures: one RWE conversation held on X and on
Mastodon at once, as an X API v2 export (flattened tweets, twarc2 style)
and a Mastodon REST export (statuses, one per line).

Two opinion leaders post on both platforms (Ana Ruiz, Ben Okafor); a
third (Chloe Lee) only on X and is not on the roster; Dana Morel is on
the roster by name only and posts on Mastodon as "Dana Morel, PhD", with
a namesake-looking "Dana Morales" on X. Every name, id and host is made
up; hosts use the reserved .example domain.

    python3 tests/data/roster/make_fixtures.py

Standard library only; re-running gives byte-identical files.
"""

import json
import os
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
HOST = "med.example"
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

# handle -> (display name, bio, followers), per platform.
X_USERS = {
    "anaruiz_md": ("Dr. Ana Ruiz, MD", "Oncologist. Real-world evidence.", 5200),
    "BenOkafor": ("Ben Okafor PhD", "Epidemiologist, registries.", 3100),
    "chloelee_rwe": ("Chloe Lee", "Health outcomes research.", 2800),
    "danamorales": ("Dana Morales", "Pharmacist.", 400),
}
X_FANS = [f"xfan{i}" for i in range(1, 7)]
M_USERS = {
    "anaruiz": ("Ana Ruiz", "Oncologist. RWE.", 900),
    "bokafor": ("Dr Ben Okafor", "Epidemiology.", 700),
    "dmorel": ("Dana Morel, PhD", "Biostatistics, real-world data.", 650),
}
M_FANS = [f"mfan{i}" for i in range(1, 6)]

# The conversation: (author, text, replied-to author or None), per platform.
X_POSTS = (
    [("anaruiz_md", "Registry data on older patients, a thread. #RWE", None),
     ("BenOkafor", "Linking claims to registries: what works. #RWE", None),
     ("chloelee_rwe", "Outcomes research needs real-world data. #RWE", None),
     ("danamorales", "Pharmacy notes on #RWE studies.", None)]
    + [(f, "Great thread on #RWE", "anaruiz_md") for f in X_FANS[:4]]
    + [(f, "Useful, thanks #RWE", "BenOkafor") for f in X_FANS[:2]]
    + [(f, "Agreed on #RWE", "chloelee_rwe") for f in X_FANS]
)
M_POSTS = (
    [("anaruiz", "Registry data on older patients, a thread. #RWE", None),
     ("bokafor", "Linking claims to registries: what works. #RWE", None),
     ("dmorel", "Confounding in real-world data. #RWE", None)]
    + [(f, "Great thread on #RWE", "anaruiz") for f in M_FANS[:4]]
    + [(f, "Useful #RWE", "bokafor") for f in M_FANS[:3]]
    + [("mfan5", "Nice #RWE", "dmorel")]
)


def x_user_id(handle):
    return str(1_500_000_000 + sum(ord(c) * 31 ** i for i, c in enumerate(handle)) % 900_000_000)


def x_user(handle):
    name, bio, followers = X_USERS.get(handle, (handle.title(), "Clinician.", 120))
    return {"id": x_user_id(handle), "username": handle, "name": name, "description": bio,
            "created_at": "2015-01-01T12:00:00.000Z", "protected": False, "verified": False,
            "public_metrics": {"followers_count": followers, "following_count": 100,
                               "tweet_count": 1000, "listed_count": 5}}


def stamp(i):
    return (START + timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def write_x():
    first = {}
    lines = []
    for i, (author, text, to) in enumerate(X_POSTS):
        tid = str(2_030_000_000_000_000_000 + i)
        tweet = {"id": tid, "author_id": x_user_id(author), "created_at": stamp(i), "conversation_id": tid,
                 "lang": "en", "edit_history_tweet_ids": [tid], "reply_settings": "everyone",
                 "possibly_sensitive": False,
                 "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1, "quote_count": 0}}
        mentions = []
        if to:
            text = f"@{to} {text}"
            tweet["conversation_id"] = first[to]
            tweet["in_reply_to_user_id"] = x_user_id(to)
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": first[to]}]
            mentions.append({"start": 0, "end": len(to) + 1, "username": to, "id": x_user_id(to)})
        else:
            first.setdefault(author, tid)
        tweet["text"] = text
        at = text.index("#RWE") if "#RWE" in text else text.index("#")
        tweet["entities"] = {"hashtags": [{"start": at, "end": at + 4, "tag": "RWE"}]}
        if mentions:
            tweet["entities"]["mentions"] = mentions
        tweet["author"] = x_user(author)
        lines.append(json.dumps(tweet))
    with open(os.path.join(HERE, "x-v2.jsonl"), "w") as f:
        f.write("\n".join(reversed(lines)) + "\n")


def m_account(handle):
    name, bio, followers = M_USERS.get(handle, (handle.title(), "Clinician.", 80))
    aid = str(110_000_000_000_000_000 + sum(ord(c) * 37 ** i for i, c in enumerate(handle)) % 10**12)
    return {"id": aid, "username": handle, "acct": handle, "display_name": name, "locked": False, "bot": False,
            "discoverable": True, "group": False, "created_at": "2022-11-27T00:00:00.000Z",
            "note": f"<p>{bio}</p>", "url": f"https://{HOST}/@{handle}", "uri": f"https://{HOST}/users/{handle}",
            "avatar": "", "avatar_static": "", "header": "", "header_static": "", "followers_count": followers,
            "following_count": 50, "statuses_count": 300, "last_status_at": "2026-03-02", "emojis": [],
            "fields": []}


def write_mastodon():
    first = {}
    lines = []
    for i, (author, text, to) in enumerate(M_POSTS):
        sid = str(116_000_000_000_000_000 + i)
        tag = '<a href="https://med.example/tags/rwe" class="mention hashtag" rel="tag">#<span>RWE</span></a>'
        body = text.replace("#RWE", tag)
        mentions = []
        if to:
            acc = m_account(to)
            body = (f'<span class="h-card" translate="no"><a href="https://{HOST}/@{to}" class="u-url mention">'
                    f'@<span>{to}</span></a></span> ' + body)
            mentions.append({"id": acc["id"], "username": to, "url": acc["url"], "acct": to})
        else:
            first.setdefault(author, (sid, m_account(author)["id"]))
        status = {"id": sid, "created_at": stamp(i),
                  "in_reply_to_id": first[to][0] if to else None,
                  "in_reply_to_account_id": first[to][1] if to else None,
                  "sensitive": False, "spoiler_text": "", "visibility": "public", "language": "en",
                  "uri": f"https://{HOST}/users/{author}/statuses/{sid}", "url": f"https://{HOST}/@{author}/{sid}",
                  "replies_count": 0, "reblogs_count": 0, "favourites_count": 1, "quotes_count": 0,
                  "edited_at": None, "content": f"<p>{body}</p>", "reblog": None, "quote": None,
                  "application": {"name": "Web", "website": None}, "account": m_account(author),
                  "media_attachments": [], "mentions": mentions,
                  "tags": [{"name": "rwe", "url": f"https://{HOST}/tags/rwe"}], "emojis": [], "card": None,
                  "poll": None}
        lines.append(json.dumps(status, separators=(",", ":")))
    with open(os.path.join(HERE, "mastodon.jsonl"), "w") as f:
        f.write("\n".join(reversed(lines)) + "\n")


def write_rest():
    with open(os.path.join(HERE, "topics.toml"), "w") as f:
        f.write('[topics.rwe]\nhashtags = ["rwe"]\nkeywords = ["real-world data"]\n')
    with open(os.path.join(HERE, "roster.csv"), "w") as f:
        f.write("person,name,platform,account,tier,institution\n"
                "p1,Dr. Ana Ruiz,x,@anaruiz_md,1,Ruiz Oncology Centre\n"
                f"p1,Dr. Ana Ruiz,mastodon,anaruiz@{HOST},1,Ruiz Oncology Centre\n"
                "p2,Ben Okafor,x,benokafor,2,Okafor Registry Lab\n"
                f"p2,Ben Okafor,mastodon,@bokafor@{HOST},2,Okafor Registry Lab\n"
                "p3,Prof. Dana Morel,,,2,Morel Biostatistics Unit\n"
                "p4,Eli Absent,x,eli_absent,3,Nowhere Clinic\n")


write_x()
write_mastodon()
write_rest()
