-- The aggregation of dolgraph shard sets (written by `dolgraph extract`)
-- into the tables `dolgraph analyze --aggregate` reads. Plain SQL that
-- Spark SQL and DataFusion both run: each block is a view named by its
-- `-- view:` line; the `-- output:` blocks are written as Parquet.
--
-- It applies the graph rules of input-formats.md that need every input,
-- exactly as dolgraph's own graph builder does when it reads the same
-- inputs in the same order (inputs by their extract --index, records by
-- their place in the input):
-- * a post key (or a Mastodon status's alias) read again is a duplicate;
--   the first copy is used;
-- * a reference resolves to the author the record names, else to the
--   author of the referenced post if any input has it; otherwise it is
--   counted as unresolved, never guessed;
-- * a mention of an account the post already reaches by reply, quote or
--   repost, or mentioned before in the post, is not a second edge;
--   mentions known only by handle join the first account (in id order) of
--   the post's platform with that handle;
-- * self-interactions are dropped and counted;
-- * an interaction is on a topic when its post is, or the post it
--   answers, quotes or reposts is;
-- * accounts are numbered in the order the builder first meets them: a
--   post's author, then its reply, quote and repost targets, then its
--   mentions, record by record; a post whose referenced post comes later
--   (so that its author is not yet known) is linked after every record,
--   in record order, as the builder links it at the end.
--
-- Inputs (registered by aggregate.py): posts, post_topics, refs, mentions,
-- shard_tags, shard_accounts, interactions, shard_links (the shard tables;
-- the tags, accounts and links tables under other names, as the outputs
-- take theirs) and
-- inputs (inp, platform, n_topics: one row per shard set).

-- view: post_first
-- Posts as first read in their input (repeats within an input are rows
-- with is_repeat set: counted, never linked).
SELECT inp, rec, pkey, alias_key, author, at, is_repost, likes, reposts, replies, impressions, lang
FROM posts WHERE NOT is_repeat

-- view: reg0
-- Who first claims each key, by its own key (via 0) or as an alias (via 1).
SELECT k, inp, rec, via FROM (
  SELECT k, inp, rec, via, ROW_NUMBER() OVER (PARTITION BY k ORDER BY inp, rec, via) AS rn FROM (
    SELECT pkey AS k, inp, rec, 0 AS via FROM post_first WHERE pkey IS NOT NULL
    UNION ALL
    SELECT alias_key AS k, inp, rec, 1 AS via FROM post_first WHERE alias_key IS NOT NULL
  ) c
) r WHERE rn = 1

-- view: live0
SELECT p.inp, p.rec, p.pkey, p.alias_key FROM post_first p LEFT JOIN reg0 r ON r.k = p.pkey
WHERE p.pkey IS NULL OR (r.inp = p.inp AND r.rec = p.rec AND r.via = 0)

-- view: reg
-- The claims of posts that are not duplicates only (a duplicate's alias
-- claims nothing).
SELECT k, inp, rec, via FROM (
  SELECT k, inp, rec, via, ROW_NUMBER() OVER (PARTITION BY k ORDER BY inp, rec, via) AS rn FROM (
    SELECT pkey AS k, inp, rec, 0 AS via FROM live0 WHERE pkey IS NOT NULL
    UNION ALL
    SELECT alias_key AS k, inp, rec, 1 AS via FROM live0 WHERE alias_key IS NOT NULL
  ) c
) r WHERE rn = 1

-- view: live
-- The posts used: the first copy of each key, and every post without one.
SELECT p.inp, p.rec, p.author, p.at, p.is_repost, p.likes, p.reposts, p.replies, p.impressions, p.lang
FROM post_first p LEFT JOIN reg r ON r.k = p.pkey
WHERE p.pkey IS NULL OR (r.inp = p.inp AND r.rec = p.rec AND r.via = 0)

-- view: ref_all
-- Each reference of a used post, with the post claiming its key.
SELECT f.inp, f.rec, f.slot, f.rkind, f.tpost, f.tauthor, f.thandle, f.thandle_key,
       r.inp AS t_inp, r.rec AS t_rec, l.author AS src, l.at
FROM refs f
JOIN live l ON l.inp = f.inp AND l.rec = f.rec
LEFT JOIN reg r ON r.k = f.tpost

-- view: waits
-- Posts the builder links at the end: one of their references names no
-- author and points at a post not read before them.
SELECT DISTINCT inp, rec FROM ref_all
WHERE tauthor IS NULL AND tpost IS NOT NULL
  AND (t_inp IS NULL OR t_inp > inp OR (t_inp = inp AND t_rec > rec))

-- view: phase
SELECT l.inp, l.rec, l.author, l.at, l.is_repost, CASE WHEN w.rec IS NULL THEN 0 ELSE 1 END AS ph
FROM live l LEFT JOIN waits w ON w.inp = l.inp AND w.rec = l.rec

-- view: last_platform
-- The platform of the last input read: that of accounts first met, and of
-- handle mentions made, when the builder links at the end.
SELECT platform FROM (
  SELECT platform, ROW_NUMBER() OVER (ORDER BY inp DESC) AS rn FROM inputs WHERE platform IS NOT NULL
) t WHERE rn = 1

-- view: ref_resolved
SELECT f.*, p.ph, COALESCE(f.tauthor, t.author) AS tgt
FROM ref_all f
JOIN phase p ON p.inp = f.inp AND p.rec = f.rec
LEFT JOIN post_first t ON t.inp = f.t_inp AND t.rec = f.t_rec

-- view: id_mentions
-- Mentions by id of a used post (not of a repost: its text is the
-- original's), and those a long-format export's next rows added.
SELECT m.inp, m.rec, m.slot, m.mid, m.mhandle, m.mhandle_key, m.at, m.is_cont, p.author AS src,
       CASE WHEN m.is_cont THEN 0 ELSE p.ph END AS ph
FROM mentions m JOIN phase p ON p.inp = m.inp AND p.rec = m.rec
WHERE m.mid IS NOT NULL AND (m.is_cont OR NOT p.is_repost)

-- view: intern_events
SELECT author AS aid, 0 AS ph, inp, rec, 0 AS slot FROM live
UNION ALL
SELECT tauthor AS aid, ph, inp, rec, slot FROM ref_resolved WHERE tauthor IS NOT NULL
UNION ALL
SELECT mid AS aid, ph, inp, rec, slot FROM id_mentions
UNION ALL
SELECT source AS aid, 0 AS ph, inp, rec, 0 AS slot FROM interactions
UNION ALL
SELECT target AS aid, 0 AS ph, inp, rec, 1 AS slot FROM interactions

-- view: account_order
SELECT e.aid, CAST(ROW_NUMBER() OVER (ORDER BY e.ph, e.inp, e.rec, e.slot) AS BIGINT) - 1 AS ord,
       CASE WHEN e.ph = 0 THEN i.platform ELSE lp.platform END AS platform
FROM (
  SELECT aid, ph, inp, rec, slot, ROW_NUMBER() OVER (PARTITION BY aid ORDER BY ph, inp, rec, slot) AS rn
  FROM intern_events
) e JOIN inputs i ON i.inp = e.inp
LEFT JOIN last_platform lp ON 1 = 1
WHERE e.rn = 1

-- view: described
-- What the account's own records say (the authors of used posts, and
-- account records), in input order: the last value given wins.
SELECT a.inp, a.rec, a.aid, a.handle, a.handle_key, a.name, a.bio, a.followers
FROM shard_accounts a LEFT JOIN live l ON a.arole = 'author' AND l.inp = a.inp AND l.rec = a.rec
WHERE a.arole = 'detail' OR l.rec IS NOT NULL

-- view: referred
-- Handles that references give: they fill a handle no record gave, the
-- first reference first.
SELECT aid, handle, handle_key, ph, inp, rec, slot FROM (
  SELECT tauthor AS aid, thandle AS handle, thandle_key AS handle_key, ph, inp, rec, slot FROM ref_resolved
  WHERE tauthor IS NOT NULL AND thandle IS NOT NULL
  UNION ALL
  SELECT mid AS aid, mhandle AS handle, mhandle_key AS handle_key, ph, inp, rec, slot FROM id_mentions
  WHERE mhandle IS NOT NULL
  UNION ALL
  SELECT source AS aid, source_handle AS handle, source_key AS handle_key, 0 AS ph, inp, rec, 0 AS slot
  FROM interactions WHERE source_handle IS NOT NULL
  UNION ALL
  SELECT target AS aid, target_handle AS handle, target_key AS handle_key, 0 AS ph, inp, rec, 1 AS slot
  FROM interactions WHERE target_handle IS NOT NULL
) r

-- view: last_handle
SELECT aid, handle, handle_key FROM (
  SELECT aid, handle, handle_key, ROW_NUMBER() OVER (PARTITION BY aid ORDER BY inp DESC, rec DESC) AS rn
  FROM described WHERE handle IS NOT NULL
) t WHERE rn = 1

-- view: first_ref_handle
SELECT aid, handle, handle_key FROM (
  SELECT aid, handle, handle_key, ROW_NUMBER() OVER (PARTITION BY aid ORDER BY ph, inp, rec, slot) AS rn
  FROM referred
) t WHERE rn = 1

-- view: last_name
SELECT aid, name FROM (
  SELECT aid, name, ROW_NUMBER() OVER (PARTITION BY aid ORDER BY inp DESC, rec DESC) AS rn
  FROM described WHERE name IS NOT NULL
) t WHERE rn = 1

-- view: last_bio
SELECT aid, bio FROM (
  SELECT aid, bio, ROW_NUMBER() OVER (PARTITION BY aid ORDER BY inp DESC, rec DESC) AS rn
  FROM described WHERE bio IS NOT NULL
) t WHERE rn = 1

-- view: last_followers
SELECT aid, followers FROM (
  SELECT aid, followers, ROW_NUMBER() OVER (PARTITION BY aid ORDER BY inp DESC, rec DESC) AS rn
  FROM described WHERE followers IS NOT NULL
) t WHERE rn = 1

-- view: post_counts
SELECT author AS aid, COUNT(*) AS posts FROM live GROUP BY author

-- view: account_table
SELECT o.ord, o.aid, o.platform,
       COALESCE(h.handle, r.handle) AS handle, COALESCE(h.handle_key, r.handle_key) AS handle_key,
       n.name, b.bio, f.followers, COALESCE(c.posts, 0) AS posts
FROM account_order o
LEFT JOIN last_handle h ON h.aid = o.aid
LEFT JOIN first_ref_handle r ON r.aid = o.aid
LEFT JOIN last_name n ON n.aid = o.aid
LEFT JOIN last_bio b ON b.aid = o.aid
LEFT JOIN last_followers f ON f.aid = o.aid
LEFT JOIN post_counts c ON c.aid = o.aid

-- view: targets
-- The accounts each post reaches by reply, quote or repost.
SELECT DISTINCT inp, rec, tgt FROM ref_resolved WHERE tgt IS NOT NULL

-- view: mention_reach
-- Mentions by id that reach an account the post has not reached yet.
SELECT m.inp, m.rec, m.slot, m.src, m.mid AS tgt, m.at FROM (
  SELECT inp, rec, slot, src, mid, at, ROW_NUMBER() OVER (PARTITION BY inp, rec, mid ORDER BY slot) AS rn
  FROM id_mentions
) m LEFT JOIN targets t ON t.inp = m.inp AND t.rec = m.rec AND t.tgt = m.mid
WHERE m.rn = 1 AND t.tgt IS NULL

-- view: handle_owner
-- The first account (in id order) with each handle, per platform.
SELECT platform, handle_key, aid FROM (
  SELECT platform, handle_key, aid, ROW_NUMBER() OVER (PARTITION BY platform, handle_key ORDER BY ord) AS rn
  FROM account_table WHERE handle_key IS NOT NULL
) t WHERE rn = 1

-- view: handle_mentions
-- Mentions known by handle only, with the account they name if any.
SELECT m.inp, m.rec, m.slot, p.author AS src, p.at, o.aid AS tgt
FROM mentions m
JOIN phase p ON p.inp = m.inp AND p.rec = m.rec
JOIN inputs i ON i.inp = m.inp
LEFT JOIN last_platform lp ON 1 = 1
LEFT JOIN handle_owner o ON o.handle_key = m.mhandle_key
  AND o.platform = CASE WHEN p.ph = 0 THEN i.platform ELSE lp.platform END
WHERE m.mid IS NULL AND m.mhandle_key IS NOT NULL AND NOT m.is_cont AND NOT p.is_repost

-- view: handle_reach
SELECT h.inp, h.rec, h.slot, h.src, h.tgt, h.at FROM (
  SELECT inp, rec, slot, src, tgt, at, ROW_NUMBER() OVER (PARTITION BY inp, rec, tgt ORDER BY slot) AS rn
  FROM handle_mentions WHERE tgt IS NOT NULL
) h
LEFT JOIN targets t ON t.inp = h.inp AND t.rec = h.rec AND t.tgt = h.tgt
LEFT JOIN (SELECT DISTINCT inp, rec, mid FROM id_mentions WHERE NOT is_cont) m
  ON m.inp = h.inp AND m.rec = h.rec AND m.mid = h.tgt
WHERE h.rn = 1 AND t.tgt IS NULL AND m.mid IS NULL

-- view: post_events
-- Every interaction a post makes: (post, source, target, kind, time,
-- and the post whose topics it inherits, if any).
SELECT inp, rec, src, tgt, rkind AS kind, at, t_inp, t_rec FROM ref_resolved WHERE tgt IS NOT NULL
UNION ALL
SELECT inp, rec, src, tgt, 'mention' AS kind, at, CAST(NULL AS BIGINT) AS t_inp, CAST(NULL AS BIGINT) AS t_rec
FROM mention_reach
UNION ALL
SELECT inp, rec, src, tgt, 'mention' AS kind, at, CAST(NULL AS BIGINT) AS t_inp, CAST(NULL AS BIGINT) AS t_rec
FROM handle_reach

-- view: all_events
SELECT src, tgt, kind, at, 1.0 AS weight FROM post_events
UNION ALL
SELECT source AS src, target AS tgt, ikind AS kind, at, weight FROM interactions

-- output: edges
SELECT s.ord AS source, t.ord AS target, e.kind, COUNT(*) AS count, SUM(e.weight) AS weight,
       MIN(e.at) AS first_at, MAX(e.at) AS last_at
FROM all_events e
JOIN account_order s ON s.aid = e.src
JOIN account_order t ON t.aid = e.tgt
WHERE e.src <> e.tgt
GROUP BY s.ord, t.ord, e.kind

-- view: event_topics
-- The topics of each interaction: its post's, and those of the post it
-- answers, quotes or reposts.
SELECT DISTINCT inp, rec, src, tgt, kind, at, topic FROM (
  SELECT e.inp, e.rec, e.src, e.tgt, e.kind, e.at, pt.topic
  FROM post_events e JOIN post_topics pt ON pt.inp = e.inp AND pt.rec = e.rec
  WHERE e.src <> e.tgt
  UNION ALL
  SELECT e.inp, e.rec, e.src, e.tgt, e.kind, e.at, pt.topic
  FROM post_events e JOIN post_topics pt ON pt.inp = e.t_inp AND pt.rec = e.t_rec
  WHERE e.src <> e.tgt
) u

-- view: event_topics_any
-- Each on-topic interaction counts once more on "any topic" (topic
-- number n_topics), however many topics it is on.
SELECT src, tgt, kind, topic FROM event_topics
UNION ALL
SELECT e.src, e.tgt, e.kind, CAST(i.n AS BIGINT) AS topic
FROM (SELECT DISTINCT inp, rec, src, tgt, kind, at FROM event_topics) e
CROSS JOIN (SELECT MAX(n_topics) AS n FROM inputs) i

-- output: topic_edges
SELECT e.topic, s.ord AS source, t.ord AS target, e.kind, COUNT(*) AS count
FROM event_topics_any e
JOIN account_order s ON s.aid = e.src
JOIN account_order t ON t.aid = e.tgt
GROUP BY e.topic, s.ord, t.ord, e.kind

-- output: accounts
SELECT ord, aid AS id, platform, handle, name, bio, followers, posts FROM account_table

-- view: live_topics
SELECT l.author, pt.topic FROM live l JOIN post_topics pt ON pt.inp = l.inp AND pt.rec = l.rec
UNION ALL
SELECT l.author, CAST(i.n AS BIGINT) AS topic
FROM live l
JOIN (SELECT DISTINCT inp, rec FROM post_topics) pt ON pt.inp = l.inp AND pt.rec = l.rec
CROSS JOIN (SELECT MAX(n_topics) AS n FROM inputs) i

-- output: topic_posts
SELECT o.ord AS account, t.topic, COUNT(*) AS posts
FROM live_topics t JOIN account_order o ON o.aid = t.author
GROUP BY o.ord, t.topic

-- view: live_tags
SELECT l.author, l.is_repost, g.tag, g.inp, g.rec, g.slot
FROM live l JOIN shard_tags g ON g.inp = l.inp AND g.rec = l.rec

-- view: own_tags
-- The distinct hashtags of each own post, reply and quote (a repost
-- repeats the original's), at their first place in the post.
SELECT author, inp, rec, tag, MIN(slot) AS slot FROM live_tags WHERE NOT is_repost GROUP BY author, inp, rec, tag

-- output: tags
-- Hashtags numbered in the order first used (reposts included), with the
-- own posts using each and their distinct authors.
SELECT t.ord, t.tag, COALESCE(c.posts, 0) AS posts, COALESCE(c.accounts, 0) AS accounts FROM (
  SELECT CAST(ROW_NUMBER() OVER (ORDER BY inp, rec, slot) AS BIGINT) - 1 AS ord, tag FROM (
    SELECT tag, inp, rec, slot, ROW_NUMBER() OVER (PARTITION BY tag ORDER BY inp, rec, slot) AS rn FROM live_tags
  ) f WHERE rn = 1
) t LEFT JOIN (
  SELECT tag, COUNT(*) AS posts, COUNT(DISTINCT author) AS accounts FROM own_tags GROUP BY tag
) c ON c.tag = t.tag

-- output: tag_topics
-- Per hashtag and topic: the own posts on the topic using it.
SELECT g.tag, pt.topic, COUNT(*) AS posts
FROM own_tags g JOIN post_topics pt ON pt.inp = g.inp AND pt.rec = g.rec
GROUP BY g.tag, pt.topic

-- view: tagged_posts
SELECT DISTINCT inp, rec FROM own_tags

-- output: tagged_topic_posts
-- Per topic: the own posts with a hashtag on it (the topic's N of lift).
SELECT pt.topic, COUNT(*) AS posts
FROM tagged_posts p JOIN post_topics pt ON pt.inp = p.inp AND pt.rec = p.rec
GROUP BY pt.topic

-- output: tag_pairs
-- Pairs used together in at least 2 own posts (MIN_PAIR_POSTS), among the
-- first 25 distinct hashtags of each post (MAX_PAIRED_TAGS, src/graph/hashtags.rs).
SELECT a, b, COUNT(*) AS posts FROM (
  SELECT CASE WHEN x.tag < y.tag THEN x.tag ELSE y.tag END AS a,
         CASE WHEN x.tag < y.tag THEN y.tag ELSE x.tag END AS b
  FROM (
    SELECT inp, rec, tag, ROW_NUMBER() OVER (PARTITION BY inp, rec ORDER BY slot) AS pos FROM own_tags
  ) x JOIN (
    SELECT inp, rec, tag, ROW_NUMBER() OVER (PARTITION BY inp, rec ORDER BY slot) AS pos FROM own_tags
  ) y ON y.inp = x.inp AND y.rec = x.rec AND x.pos < y.pos
  WHERE y.pos <= 25
) p
GROUP BY a, b
HAVING COUNT(*) >= 2

-- output: tag_uses
SELECT o.ord AS account, g.tag, COUNT(*) AS posts
FROM live_tags g JOIN account_order o ON o.aid = g.author
GROUP BY o.ord, g.tag

-- view: own_posts
-- What the platforms reported about each account's own posts, replies and
-- quotes (a repost's counters and language are the reposted post's).
SELECT author, likes, reposts, replies, impressions, lang FROM live WHERE NOT is_repost

-- view: engagement_median
-- The median over an account's posts of likes + reposts + replies (the
-- posts that reported one of them): the middle value, or the mean of the
-- two middle ones (2 rn in k..k+2 picks them).
SELECT author, AVG(CAST(total AS DOUBLE)) AS median FROM (
  SELECT author, total, ROW_NUMBER() OVER (PARTITION BY author ORDER BY total) AS rn,
         COUNT(*) OVER (PARTITION BY author) AS k
  FROM (
    SELECT author, COALESCE(likes, 0) + COALESCE(reposts, 0) + COALESCE(replies, 0) AS total FROM own_posts
    WHERE likes IS NOT NULL OR reposts IS NOT NULL OR replies IS NOT NULL
  ) v
) w WHERE 2 * rn BETWEEN k AND k + 2
GROUP BY author

-- output: engagement
SELECT a.ord AS account, s.likes, s.reposts, s.replies, s.impressions, m.median
FROM (
  SELECT author, SUM(likes) AS likes, SUM(reposts) AS reposts, SUM(replies) AS replies,
         SUM(impressions) AS impressions
  FROM own_posts GROUP BY author
) s
JOIN account_order a ON a.aid = s.author
LEFT JOIN engagement_median m ON m.author = s.author

-- output: languages
SELECT a.ord AS account, p.lang, COUNT(*) AS posts
FROM own_posts p JOIN account_order a ON a.aid = p.author
WHERE p.lang IS NOT NULL
GROUP BY a.ord, p.lang

-- view: live_links
-- The links of the posts used (reposts included: they spread the link).
SELECT l.inp, l.rec, l.author, k.slot, k.lkey, k.lkind, k.host
FROM live l JOIN shard_links k ON k.inp = l.inp AND k.rec = l.rec

-- view: link_ords
-- Links numbered in the order they were first shared.
SELECT CAST(ROW_NUMBER() OVER (ORDER BY inp, rec, slot) AS BIGINT) - 1 AS ord, lkey, lkind FROM (
  SELECT lkey, lkind, inp, rec, slot, ROW_NUMBER() OVER (PARTITION BY lkey ORDER BY inp, rec, slot) AS rn
  FROM live_links
) t WHERE rn = 1

-- output: links
-- Each link with the posts carrying it and the host it was shared from
-- most (ties by name).
SELECT o.ord, o.lkey AS key, o.lkind AS kind, d.host AS domain, c.posts
FROM link_ords o
JOIN (SELECT lkey, COUNT(*) AS posts FROM live_links GROUP BY lkey) c ON c.lkey = o.lkey
JOIN (
  SELECT lkey, host FROM (
    SELECT lkey, host, ROW_NUMBER() OVER (PARTITION BY lkey ORDER BY n DESC, host) AS rn
    FROM (SELECT lkey, host, COUNT(*) AS n FROM live_links GROUP BY lkey, host) h
  ) x WHERE rn = 1
) d ON d.lkey = o.lkey

-- output: link_shares
-- Per link and account: its posts carrying the link, and the reposts by
-- others of its posts carrying it (each repost credits the reposted
-- author once per link it carries).
SELECT o.ord AS link, a.ord AS account, CAST(SUM(s.posts) AS BIGINT) AS posts,
       CAST(SUM(s.reposts) AS BIGINT) AS reposts
FROM (
  SELECT lkey, author AS aid, CAST(1 AS BIGINT) AS posts, CAST(0 AS BIGINT) AS reposts FROM live_links
  UNION ALL
  SELECT k.lkey, r.tgt AS aid, CAST(0 AS BIGINT) AS posts, CAST(1 AS BIGINT) AS reposts
  FROM ref_resolved r JOIN live_links k ON k.inp = r.inp AND k.rec = r.rec
  WHERE r.rkind = 'repost' AND r.tgt IS NOT NULL AND r.tgt <> r.src
) s
JOIN link_ords o ON o.lkey = s.lkey
JOIN account_order a ON a.aid = s.aid
GROUP BY o.ord, a.ord

-- output: link_share_topics
SELECT DISTINCT o.ord AS link, a.ord AS account, pt.topic
FROM live_links k
JOIN post_topics pt ON pt.inp = k.inp AND pt.rec = k.rec
JOIN link_ords o ON o.lkey = k.lkey
JOIN account_order a ON a.aid = k.author

-- output: link_topic_posts
SELECT o.ord AS link, pt.topic, COUNT(*) AS posts
FROM live_links k
JOIN post_topics pt ON pt.inp = k.inp AND pt.rec = k.rec
JOIN link_ords o ON o.lkey = k.lkey
GROUP BY o.ord, pt.topic

-- view: self_events
SELECT COUNT(*) AS n FROM all_events WHERE src = tgt

-- view: unresolved
SELECT a.n + b.n + c.n AS n
FROM (SELECT COUNT(*) AS n FROM ref_resolved WHERE tgt IS NULL) a
CROSS JOIN (
  SELECT COUNT(*) AS n FROM mentions m JOIN phase p ON p.inp = m.inp AND p.rec = m.rec
  WHERE m.mid IS NULL AND m.mhandle_key IS NULL AND NOT m.is_cont AND NOT p.is_repost
) b
CROSS JOIN (SELECT COUNT(*) AS n FROM handle_mentions WHERE tgt IS NULL) c

-- view: times
SELECT at FROM live WHERE at IS NOT NULL
UNION ALL
SELECT at FROM interactions WHERE at IS NOT NULL

-- output: stats
SELECT p.posts, x.interactions, s.n AS self_interactions, u.n AS unresolved_references, t.first_at, t.last_at,
       g.n AS tagged_posts
FROM (SELECT COUNT(*) AS posts FROM live) p
CROSS JOIN (SELECT COUNT(*) AS n FROM tagged_posts) g
CROSS JOIN (SELECT COUNT(*) AS interactions FROM interactions) x
CROSS JOIN self_events s
CROSS JOIN unresolved u
CROSS JOIN (SELECT MIN(at) AS first_at, MAX(at) AS last_at FROM times) t

-- output: input_counts
-- Per input: records used (posts used, rows that continued a post,
-- interactions) and duplicates (every other post row).
SELECT i.inp,
       COALESCE(l.n, 0) + COALESCE(c.n, 0) + COALESCE(x.n, 0) AS used,
       COALESCE(a.n, 0) - COALESCE(l.n, 0) - COALESCE(c.n, 0) AS duplicates
FROM inputs i
LEFT JOIN (SELECT inp, COUNT(*) AS n FROM live GROUP BY inp) l ON l.inp = i.inp
LEFT JOIN (SELECT inp, COUNT(*) AS n FROM posts WHERE is_cont GROUP BY inp) c ON c.inp = i.inp
LEFT JOIN (SELECT inp, COUNT(*) AS n FROM interactions GROUP BY inp) x ON x.inp = i.inp
LEFT JOIN (SELECT inp, COUNT(*) AS n FROM posts GROUP BY inp) a ON a.inp = i.inp
