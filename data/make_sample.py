#!/usr/bin/env python3
"""Generate dolgraph's synthetic sample conversation.

    python3 data/make_sample.py

writes, next to this script:

    sample/x-v2.jsonl             X API v2 search pages, one page per line
    sample/mastodon.jsonl         Mastodon statuses as served by med.example
    sample/listening-export.csv   a social-listening CSV export
    topics.toml                   the topics file for the sample

Everything is synthetic: accounts, organisations, institutions and hosts
(*.example) are invented, and so are the ids. Standard library only, one
seeded generator, no clock and no hash-ordered iteration: a re-run writes
byte-identical files. The script ends by reading its own output back and
checking it (JSON lines parse, every referenced user is in `includes`,
entity offsets match the text, the CSV parses, ids are unique...), then
prints counts and the planted structure.
"""
from __future__ import annotations

import csv
import io
import json
import math
import random
import re
import sys
import zlib
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20260302
HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample"
TOPICS_FILE = HERE / "topics.toml"

START = datetime(2026, 2, 16, tzinfo=timezone.utc)  # a Monday
DAYS = 28
END = START + timedelta(days=DAYS)
RARE_DISEASE_DAY = datetime(2026, 2, 28, tzinfo=timezone.utc)
TWITTER_EPOCH_MS = 1288834974657
MASTODON_HOST = "med.example"

# ---------------------------------------------------------------------------
# Topics (written to topics.toml) and how people actually type them
# ---------------------------------------------------------------------------

TOPICS = {
    "immuno-oncology": dict(
        hashtags=["immunooncology", "immunotherapy", "checkpointinhibitors", "cartcell", "ioresearch"],
        keywords=["immuno-oncology", "immunotherapy", "checkpoint inhibitor", "checkpoint inhibitors",
                  "checkpoint blockade", "PD-1", "PD-L1", "CTLA-4", "CAR-T", "tumor microenvironment",
                  "irAE", "irAEs", "immune-related adverse events", "tumor mutational burden"],
    ),
    "rwe": dict(
        hashtags=["rwe", "realworldevidence", "rwd", "realworlddata"],
        keywords=["real-world evidence", "real-world data", "target trial emulation", "external control arm",
                  "external control arms", "claims data", "EHR data", "registry data", "pragmatic trial"],
    ),
    "t2d-glp1": dict(
        hashtags=["t2d", "type2diabetes", "glp1", "diabetes", "obesity"],
        keywords=["type 2 diabetes", "GLP-1", "GLP-1 receptor agonist", "GLP-1 receptor agonists",
                  "semaglutide", "tirzepatide", "HbA1c", "A1c", "SGLT2", "insulin resistance", "CGM",
                  "continuous glucose monitor"],
    ),
    "vaccines": dict(
        hashtags=["vaccines", "vaccineswork", "vaccination", "immunization", "flushot", "hpv", "measles"],
        keywords=["vaccine", "vaccines", "vaccination", "vaccinations", "immunization", "booster dose",
                  "herd immunity", "vaccine hesitancy", "MMR", "HPV vaccine", "RSV vaccine", "measles"],
    ),
    "rare-disease": dict(
        hashtags=["raredisease", "rarediseaseday", "orphandrugs", "genetherapy", "undiagnosed"],
        keywords=["rare disease", "rare diseases", "orphan drug", "gene therapy", "natural history study",
                  "natural history studies", "diagnostic odyssey", "newborn screening", "patient registry",
                  "whole-genome sequencing"],
    ),
}
TOPIC_TITLES = {
    "immuno-oncology": "Immuno-oncology: checkpoint inhibitors, CAR-T, the tumor microenvironment",
    "rwe": "Real-world evidence and real-world data",
    "t2d-glp1": "Type 2 diabetes and GLP-1 receptor agonists",
    "vaccines": "Vaccines and immunization",
    "rare-disease": "Rare diseases: diagnosis, registries, gene therapy",
}
TAG_FORMS = {
    "immuno-oncology": ["ImmunoOncology", "immunooncology", "Immunotherapy", "immunotherapy",
                        "CheckpointInhibitors", "CARTcell", "IOresearch"],
    "rwe": ["RWE", "rwe", "RealWorldEvidence", "RWD", "RealWorldData"],
    "t2d-glp1": ["T2D", "GLP1", "glp1", "Type2Diabetes", "diabetes", "Diabetes", "Obesity"],
    "vaccines": ["VaccinesWork", "vaccines", "Vaccines", "Immunization", "Vaccination", "HPV", "Measles"],
    "rare-disease": ["RareDisease", "raredisease", "RareDisease", "GeneTherapy", "OrphanDrugs", "Undiagnosed"],
}
# community hashtags that are not topic hashtags (noise for the topic matcher)
EXTRA_TAGS = {
    "onc": ["OncTwitter", "MedTwitter", "BCSM", "LCSM", "CancerResearch"],
    "dm": ["DOC", "insulin4all", "MedTwitter", "PharmD"],
    "vax": ["PublicHealth", "MedTwitter", "SchoolHealth"],
    "rare": ["RareIsMany", "Caregiver", "Genetics"],
    "gen": ["MedTwitter", "HealthPolicy", "SciComm"],
}
TOPIC_COMM = {"immuno-oncology": "onc", "t2d-glp1": "dm", "vaccines": "vax", "rare-disease": "rare", "rwe": "rwe"}
COMM_TOPIC = {"onc": "immuno-oncology", "dm": "t2d-glp1", "vax": "vaccines", "rare": "rare-disease"}
CLINICAL = ("onc", "dm", "rare")

# ---------------------------------------------------------------------------
# Text slots and templates
# ---------------------------------------------------------------------------

SLOTS = {
    "cancer": ["NSCLC", "melanoma", "renal cell carcinoma", "bladder cancer", "triple-negative breast cancer",
               "MSI-high colorectal cancer", "head and neck cancer", "hepatocellular carcinoma"],
    "io": ["PD-1 blockade", "anti-PD-L1 therapy", "dual checkpoint blockade", "CAR-T", "a bispecific T-cell engager",
           "neoadjuvant immunotherapy", "TIL therapy", "a PD-1 inhibitor"],
    "irae": ["colitis", "pneumonitis", "hepatitis", "thyroiditis", "myocarditis", "hypophysitis"],
    "ptag": ["BCSM", "LCSM", "MelanomaSurvivor"],
    "glp": ["semaglutide", "tirzepatide", "my weekly GLP-1", "a GLP-1 receptor agonist"],
    "vacc": ["MMR", "HPV vaccine", "RSV vaccine", "pneumococcal vaccine", "shingles vaccine", "flu shot"],
    "rare": ["SMA", "Duchenne muscular dystrophy", "Batten disease", "hereditary angioedema", "Fabry disease",
             "a mitochondrial disorder", "an ultra-rare leukodystrophy"],
    "region": ["the north district", "our county", "three school districts", "the river valley",
               "the coastal region", "two suburbs east of the city"],
    "day": ["Tuesday", "Wednesday", "Thursday", "next Monday", "Friday at noon"],
    "pct": lambda r: str(r.randint(12, 68)),
    "n": lambda r: str(r.randint(3, 40)),
    "m": lambda r: str(r.randint(4, 14)),
    "mo": lambda r: f"{r.randint(7, 29)}.{r.randint(0, 9)}",
    "mo2": lambda r: f"{r.randint(14, 38)}.{r.randint(0, 9)}",
    "yrs": lambda r: str(r.randint(2, 9)),
    "yrs2": lambda r: str(r.randint(2, 16)),
    "year": lambda r: str(r.randint(1986, 2021)),
    "big": lambda r: f"{r.randint(3, 95) * 500:,}",
    "a1c": lambda r: f"{r.uniform(0.8, 2.1):.1f}",
    "a1chi": lambda r: f"{r.uniform(8.4, 11.2):.1f}",
    "a1clo": lambda r: f"{r.uniform(6.1, 7.3):.1f}",
    "wt": lambda r: str(r.randint(6, 21)),
    "price": lambda r: str(r.randint(90, 640)),
}
KW = {
    "immuno-oncology": ["checkpoint inhibitors", "immunotherapy", "CAR-T", "the tumor microenvironment",
                        "PD-1 blockade", "irAEs", "checkpoint blockade"],
    "rwe": ["real-world evidence", "real-world data", "target trial emulation", "registry data",
            "external control arms", "claims data"],
    "t2d-glp1": ["GLP-1 drugs", "type 2 diabetes", "HbA1c targets", "the semaglutide shortage",
                 "CGM in type 2 diabetes", "SGLT2 inhibitors", "tirzepatide"],
    "vaccines": ["vaccine hesitancy", "measles vaccination", "the HPV vaccine", "RSV vaccines",
                 "immunization coverage", "booster timing"],
    "rare-disease": ["rare disease diagnosis", "gene therapy", "newborn screening", "natural history studies",
                     "orphan drug pricing", "the diagnostic odyssey"],
}

# Originals, by topic and persona: c = clinician/researcher, p = patient/advocate/caregiver, o = organisation.
ORIG = {
    "immuno-oncology": {
        "c": [
            "New phase 2 data on {io} in {cancer}: ORR {pct}%, median PFS {mo} months. Small n, but look at the tail of the curve. #{tag}",
            "Managing {irae} on checkpoint inhibitors: hold early, steroids early, call the organ specialist early. #{tag}",
            "Cold tumors rarely respond to checkpoint blockade. What is your favourite strategy to turn the tumor microenvironment hot?",
            "Patient asked today whether {io} \"boosts\" her immune system. Best analogy I have: it takes the brakes off T cells.",
            "PD-L1 is an imperfect biomarker and tumor mutational burden is noisy. We still select patients for {io} with blunt tools. #{tag}",
            "Neoadjuvant immunotherapy in {cancer} keeps looking better: pCR {pct}% in the latest cohort. Surgeons, are you convinced?",
            "CAR-T access is still a postcode lottery: {n} of our patients waited more than six weeks for a slot. #CARTcell",
            "Tumor board today: rechallenge with {io} after grade 3 {irae}? The room split down the middle.",
            "Reminder for new fellows: irAEs can appear months after the last dose of a checkpoint inhibitor. Ask about thyroid, skin and gut at every visit.",
            "Our preprint is out: spatial profiling of T-cell exhaustion in {cancer}. Exhausted does not mean useless. #{tag}",
            "Trials of {io} still under-enrol patients over 75. Our clinic looks nothing like the pivotal trial population.",
            "Stopping {io} at two years in responders: fewer toxicities, lower cost, same outcomes so far. Why are we still so nervous?",
            "Bispecifics, TILs, cancer vaccines: the immuno-oncology pipeline for {cancer} has never been this crowded. #{tag}",
            "Great tumor microenvironment session this morning. Myeloid cells are the new T cells, apparently.",
            "Fellows: read the toxicity tables of every checkpoint inhibitor trial, not just the Kaplan-Meier curves.",
            "Immune-related adverse events are not rare once you look for them: {pct}% any grade in our clinic audit. #{tag}",
        ],
        "p": [
            "{yrs} years on immunotherapy for {cancer}. Scan day tomorrow and my stomach still knows it. #{tag} #{ptag}",
            "Nobody warned me that {irae} could show up after I finished {io}. Please ask your team about late side effects. #{ptag}",
            "To everyone starting checkpoint inhibitors this week: write down every new symptom. Every one. #{tag}",
            "Clinical trial search for {cancer} should not require a PhD. Patients need plain-language trial listings. #{ptag}",
            "Rang the bell after my last immunotherapy infusion today. Grateful to the nurses who made the chair feel less lonely. #{ptag}",
            "Patient advocates belong on trial steering committees, not just on the consent form. #{tag}",
        ],
        "o": [
            "Free webinar on immune-related adverse events for community oncologists, {day}. #{tag}",
            "New patient guide: what to expect from checkpoint inhibitor therapy, now in {n} languages. #{tag}",
            "Applications are open for our immuno-oncology research fellowship. Early-career investigators welcome. #{tag}",
        ],
    },
    "rwe": {
        "c": [
            "Real-world evidence is not second class: target trial emulation with good EHR data answers questions RCTs never will. #{tag}",
            "Real-world data on {io} in {cancer}: median OS {mo} months in routine care vs {mo2} in the pivotal trial. Selection matters. #{tag}",
            "Claims data tell you who filled the prescription, not why. Check your confounders. #{tag}",
            "External control arms from registry data: useful for rare diseases, risky almost everywhere else. Discuss.",
            "Persistence on GLP-1 receptor agonists in real-world data drops below {pct}% at 12 months. Cost and supply, not biology. #{tag} #GLP1",
            "If you can run a pragmatic trial, run it. If you can't, pre-register your real-world evidence analysis.",
            "EHR data checklist: missingness, immortal time bias, lab coverage, coding drift. What would you add? #{tag}",
            "Immortal time bias strikes again in a \"real-world\" paper this week. Align time zero, people.",
            "Our registry now covers {big} patients across {n} sites. Real-world data only matter if the data are good. #{tag}",
            "Regulators are asking better questions about real-world evidence than most journals. That is a good thing.",
        ],
        "p": [
            "Patients should be asked before their records feed a registry. Real-world data are our data. #{tag}",
        ],
        "o": [
            "Our working group's guidance on reporting real-world evidence studies is open for comments until {day}. #{tag}",
        ],
    },
    "t2d-glp1": {
        "c": [
            "GLP-1 receptor agonists in our clinic cohort: HbA1c down {a1c} points and weight down {wt}% at one year. #{tag}",
            "Supply shortage again: {n} patients switched off semaglutide this month. Please don't split doses on your own. #{tag}",
            "Tirzepatide vs semaglutide is the wrong question for most of my patients. The right one: can they afford it and stay on it?",
            "CGM changed how my patients with type 2 diabetes see food. Time in range beats A1c for daily decisions. #{tag}",
            "GI side effects on GLP-1 drugs: start low, go slow, smaller meals. Most settle within 4-6 weeks. #{tag}",
            "SGLT2 plus GLP-1 in type 2 diabetes with CKD: the kidney data keep getting better. #{tag}",
            "Compounded GLP-1 products are not the same as approved ones. Ask your pharmacy where it comes from. #{tag}",
            "Type 2 diabetes remission is real for some, early in the disease, with weight loss. It is not a moral test.",
            "Pharmacist tip: missed a weekly GLP-1 dose? Check the label rule before doubling anything. #{tag}",
            "Muscle loss on GLP-1 therapy: protein, resistance training, and a dietitian. Not optional extras. #{tag}",
            "Insulin resistance starts years before the HbA1c moves. Screen at 35, not 45.",
            "Deprescribing sulfonylureas when starting a GLP-1 receptor agonist: fewer hypos, happier patients. #{tag}",
        ],
        "p": [
            "T1D since {year} and I still get asked if I ate too much sugar. Stigma is a health outcome. #DOC",
            "Pharmacy said the {glp} shortage will last \"a few more weeks\". That's what they said in January. #{tag}",
            "Paid ${price} for insulin this month. Nobody should ration insulin. #insulin4all #{tag}",
            "One year on {glp}: A1c from {a1chi} to {a1clo}. Not magic, but it gave me room to change the rest. #{tag}",
            "My CGM alarm went off {n} times last night. Diabetes doesn't do weekends. #DOC",
            "Please stop calling it \"just\" type 2 diabetes. #{tag}",
        ],
        "o": [
            "Free diabetes self-management workshops this month, in person and online. #{tag}",
            "Our new report on access to GLP-1 therapy: {pct}% of eligible adults are not on one. #{tag}",
        ],
    },
    "vaccines": {
        "c": [
            "Measles cases up again in {region}. Two doses of MMR are about 97% effective. Check your records. #{tag}",
            "The HPV vaccine prevents cancer. Coverage in our teens is still only {pct}%. #{tag}",
            "RSV vaccine for older adults: the first-season effectiveness data look solid. #{tag}",
            "Talked with a hesitant parent today: listen first, answer the actual question, don't lecture. Vaccine hesitancy is rarely about data.",
            "Herd immunity for measles needs about 95% coverage. {n} districts here are below 90%. #{tag}",
            "Myth: too many vaccines overload the immune system. Fact: kids meet thousands of antigens every day. #{tag}",
            "Booster dose timing questions keep coming in. Short answer: follow your local schedule and ask your pharmacist.",
            "{n} vaccinations at today's school clinic. Proud of this team. #{tag}",
            "Vaccine effectiveness was never claimed to be 100%. Fewer hospitalizations is the point. #{tag}",
            "Giving the {vacc} and the flu shot at the same visit is safe, and one visit beats two. #{tag}",
            "Measles exposure at a clinic waiting room in {region}. If you were there, check your vaccination status. #{tag}",
        ],
        "p": [
            "My kid got her {vacc} today and asked for a sticker. That's the whole review. #{tag}",
            "Lost my grandmother to a disease we now vaccinate against. That's why I care. #{tag}",
            "Asked our pediatrician all my vaccine questions and got patient answers. More of that, please. #{tag}",
        ],
        "o": [
            "Our immunization coverage dashboard is updated: {pct}% MMR coverage at age 2 in {region}. #{tag}",
            "Measles exposure notice for {region}. Check your vaccination status. #Measles",
            "Free {vacc} clinics this weekend, no appointment needed. #{tag}",
        ],
    },
    "rare-disease": {
        "c": [
            "Whole-genome sequencing found a diagnosis for {pct}% of families in our undiagnosed clinic this year. #{tag}",
            "Gene therapy for {rare}: the efficacy question is answered; cost and access are the next fight. #{tag}",
            "Newborn screening panels differ wildly by region. A baby with {rare} should not depend on a postcode. #{tag}",
            "Natural history studies are boring until you need an external control arm. #{tag}",
            "Orphan drug approvals are up, but most of the 7,000 rare diseases still have no treatment at all. #{tag}",
            "Genetic counseling waitlists are {m} months here. A diagnosis without counseling is half a diagnosis. #{tag}",
        ],
        "p": [
            "Our diagnostic odyssey took {yrs2} years and {m} specialists. Newborn screening would have changed everything. #{tag}",
            "Coordinating {m} specialists for one child is a full-time job nobody applied for. #{tag}",
            "Caregiver reminder: you are allowed to rest. #{tag}",
            "Living with {rare} means explaining it to every new doctor. Please read the file. #{tag}",
            "Dear clinicians: when a parent says something is wrong, listen. That's how our diagnosis happened. #{tag}",
            "Thank you to the {n} families who joined our patient registry this month! #{tag}",
        ],
        "o": [
            "Join our patient registry for {rare}: every family helps build the natural history study. #{tag}",
            "Rare Disease Day events near you, all week. #RareDiseaseDay",
            "Our family grants for travel to specialist clinics are open again. #{tag}",
        ],
    },
}
RDD = [
    "Today is #RareDiseaseDay. 300 million people worldwide live with a rare disease. Wear your stripes. #{tag}",
    "On #RareDiseaseDay: thinking of every family still waiting for a diagnosis.",
    "#RareDiseaseDay reminder: rare is many. Newborn screening, registries, research funding, all of it matters.",
    "Stripes on, for {rare} and for everyone still undiagnosed. #RareDiseaseDay",
]
FOREIGN = [  # (lang, topic, template)
    ("fr", "immuno-oncology", "Nouvelles données sur l'immunothérapie dans le mélanome : réponse durable chez {pct} % des patients. #{tag}"),
    ("es", "vaccines", "Casos de sarampión en aumento en la región. Dos dosis de la vacuna triple vírica protegen. #{tag} #vacunas"),
    ("de", "t2d-glp1", "GLP-1-Rezeptoragonisten in unserer Ambulanz: HbA1c im Mittel minus {a1c} Punkte nach einem Jahr. #{tag}"),
    ("es", "rare-disease", "Nuestra odisea diagnóstica duró {yrs2} años. El cribado neonatal lo habría cambiado todo. #{tag}"),
    ("pt", "vaccines", "A vacina contra o HPV previne o cancro. Vacine os seus filhos. #{tag}"),
]
GENERAL = [
    "Trying to understand {kw}. Who should I follow?",
    "Reading about {kw} tonight. Fascinating and a little terrifying.",
    "Med school lecture on {kw} today. Our professor clearly loves this stuff.",
    "Policy question nobody asks: who pays for {kw}?",
]
MENTION_DOL = [
    "Great session by {@dol} on {kw} today. Worth finding the slides.",
    "Learned more from {@dol}'s thread on {kw} than from a week of CME.",
    "For sensible takes on {kw}, follow {@dol} and {@dol2}.",
    "Finally read {@dol}'s paper on {kw}. Changing how I counsel patients.",
    "Question for {@dol}: how do you explain {kw} to patients in five minutes?",
    "{@dol} just said what all of us were thinking about {kw}.",
    "Thank you {@dol} for answering my question on {kw} so patiently.",
    "Shared {@dol}'s explainer on {kw} with our whole team.",
    "If you only read one thing on {kw} this week, make it the thread by {@dol}.",
]
MENTION_COLLEAGUE = [
    "Great discussion with {@dol2} on {kw} today. We disagree on one point, and that's how it should be.",
    "Agree with {@dol2} here: {kw} needs better data, not louder opinions.",
    "Co-writing a piece on {kw} with {@dol2}. Drafts flying.",
]
MENTION_NEWS = [
    "{KW} in the headlines again, via {@news}",
    "{@news} please talk to clinicians before running headlines on {kw}.",
    "Decent explainer on {kw} from {@news} this morning.",
    "Was quoted by {@news} on {kw}. Nuance did not survive the edit.",
    "Saw this on {@news}: a {kw} story missing half the context.",
    "Thanks {@news} for covering {kw} carefully this time.",
    "Front page of {@news} today is about {kw}. Bring tissues, or a statistician.",
]
REPLY_GENERIC = [
    "Agree. We see the same with {kw} in our clinic.",
    "Thanks for this, sharing with our fellows.",
    "Could you share the reference? Would love to read the full paper.",
    "+1. Patients need to hear this.",
    "Respectfully, the confidence interval is wide. Let's wait for the full paper.",
    "This is so helpful, thank you!",
    "How do you handle {kw} in practice?",
    "Exactly what we discussed at our meeting yesterday.",
    "Important point, and it gets lost in the headlines.",
    "Any data on this in older patients?",
    "Saving this thread.",
    "Disagree a little: in our population, access matters more than {kw}.",
    "100% this.",
    "As a patient, thank you for saying it plainly.",
    "What about low-resource settings?",
    "-1 on the framing, +1 on the data.",
    "Is there a plain-language version I can share with patients?",
]
REPLY_CC = [
    "Agree. {@dol2} has good data on this too.",
    "cc {@dol2}, you'll want to see this.",
    "This matches what {@dol2} presented last month.",
]
REPLY_TOPIC = {
    "immuno-oncology": ["My dad starts {io} next week. Saving this.", "Did you see {irae} with the combination too?",
                        "Tumor board debate material right here.", "What's your threshold for steroids with grade 2 {irae}?"],
    "rwe": ["\"Real-world\" in what sense? Which dataset?", "Was the analysis pre-registered?",
            "How did you handle immortal time bias?", "Claims data or EHR data?"],
    "t2d-glp1": ["Our pharmacy has had no {glp} for two weeks.", "Same here: GI side effects settle if you titrate slowly.",
                 "What A1c target do you use in older adults?", "Insurance denied mine again. Appeal number three."],
    "vaccines": ["Thank you for the kind tone. Hesitant parents can tell when they're being lectured.",
                 "Our school nurse shared this with every parent.", "Is co-administration okay with the {vacc}?",
                 "Coverage numbers like that keep me up at night."],
    "rare-disease": ["Sending love. Our odyssey took {yrs2} years too.", "Registry joined! Thank you for pushing this.",
                     "This is why newborn screening matters.", "Saving this for our next support group meeting."],
}
DOL_ANSWER = [
    "Good question. Short answer: it depends on {kw}. Long answer is in the supplement.",
    "Thanks! Reference is in the paper, table 2.",
    "Yes, we saw something similar. Happy to compare notes.",
    "Fair point, and I should have said it more clearly.",
    "Great question; a thread on exactly this is coming this week.",
    "Agree it's a small study. Hypothesis-generating only.",
    "Thank you for sharing your experience, it matters more than you think.",
    "We use a pragmatic approach: individualise, document, revisit at every visit.",
]
THREAD_CONT = [
    "The caveats: small n, single arm, short follow-up. Still worth watching.",
    "What I tell patients: ask questions, write symptoms down, call early.",
    "Bottom line: better selection, not more of the same.",
    "Happy to share slides if useful.",
    "Data and methods are in the preprint; comments welcome.",
    "And a thank-you to the patients and families who made this possible.",
]
QUOTE = [
    "Must-read on {kw}:",
    "This. Exactly this.",
    "Important data, with caveats (small n, single arm):",
    "Worth reading before your next clinic.",
    "Disagree with the framing, agree with the data.",
    "Sharing for our community.",
    "Bookmarking this for journal club.",
    "The key line is at the end.",
    "Nuanced take on {kw}, which is rare.",
    "Our experience matches this, for what it's worth.",
    "Adding one caveat: {kw} looks different outside academic centres.",
]
POD_ORIG = [
    "Day {n} of my #GLP1 journey and feeling amazing! Link in bio for my plan",
    "3 tips for #weightloss on #GLP1: protein, water, consistency. Follow for more!",
    "Who else is on #GLP1? Drop a comment, let's grow together!",
    "New video up: my #GLP1 grocery haul. #weightloss #Obesity",
    "Morning routine that changed my #GLP1 results. Link in bio.",
    "Shoutout to {@pod} for the motivation this week! #GLP1",
    "Plateau week on #GLP1 but we keep going. Who's with me?",
]
POD_REPLY = ["Love this!!", "So inspiring!", "Yesss, this is the content we need", "Saving this!!",
             "Queen energy", "Following for more!", "Needed this today", "Obsessed with this"]
NEWS_POSTS = [
    ("City council approves new bus lanes downtown", None),
    ("Storm warning for the weekend: what you need to know", None),
    ("Local bakery wins national bread award", None),
    ("Hospital parking fees to rise in April", None),
    ("School district unveils new term calendar", None),
    ("Football club confirms new head coach", None),
    ("Ferry fares frozen for another year", None),
    ("Health officials confirm a measles case at a local primary school", "vaccines"),
    ("Opinion: why our town needs a new library", None),
    ("Traffic delays expected on the ring road all week", None),
]

# ---------------------------------------------------------------------------
# Names and personas (all invented)
# ---------------------------------------------------------------------------

FIRST = """Maren Tobias Ines Rafael Priya Kenji Amara Lukas Soraya Dmitri Elena Jonah Farah Mateo Noor Wren Idris
Leila Oskar Yara Bastian Mirela Theo Anika Cyrus Delphine Emeka Greta Hiro Isolde Jalen Kaia Linnea Malik Nadia
Odette Pavel Quinn Rosalind Sanjay Tamsin Ulla Vikram Wilma Ximena Yusuf Zora Beatriz Callum Dagny Esme Felix
Gideon Hana Ivo Juno Kofi Lars Mina Niamh Omar Petra Rhea Silas Thea Uma Vera Wes Yannick Zain Adaeze Bram Celine
Dario Elif Femi Gwen Hugo Ilse Jasper Keiko Lionel Marisol Nils Orla Pilar Rowan Saoirse Tariq Valentina Wanjiru
Xander Yumi Zeynep Anders Bianca Cosmo Daria Eamon Fleur Gaspard Halima Ingrid Joaquin Katya Lorcan Meera Nico
Oona Parisa Ruben Sigrid Teodor Ulrike Viggo Yasmin Zofia Aurelio Brigid Chiara Desmond Ebba Florian Gulnara""".split()
SUR_A = ["Brin", "Cald", "Quen", "Vell", "Yarr", "Zell", "Orl", "Ivel", "Kest", "Marr", "Pell", "Rav", "Stal",
         "Ull", "Wyn", "Jor", "Dun", "Thorn", "Ell", "Vash", "Tarr", "Ask", "Hollis", "Morv", "Gil", "Fenn", "Sel"]
SUR_B = ["combe", "dale", "mere", "holt", "stead", "vane", "grove", "brook", "thorpe", "garde", "mont", "ridge",
         "stow", "hallow", "barrow", "wold", "wick", "marsh", "croft", "haven"]
SUR_BLOCK = {"Thornbrook", "Ellgrove", "Gilcrest", "Thorncroft", "Thornwick", "Dundale", "Askwick", "Gilmont"}

PERSONAS = {  # community -> [(weight, ptype, credential, [bios])]
    "onc": [
        (8, "c", "MD", ["Medical oncologist. {cancer} and immunotherapy. Views my own.",
                        "Hem/onc at {place} Cancer Center. Checkpoint inhibitors, trials, coffee.",
                        "Oncologist | lung & melanoma | irAE nerd", "Hem/onc fellow. Learning every day.",
                        "Radiation oncologist. Radiation + immunotherapy combos."]),
        (4, "c", "PhD", ["Cancer immunologist. Tumor microenvironment & T-cell biology.",
                         "Postdoc in tumor immunology. CAR-T, single-cell, sourdough.",
                         "Immuno-oncology researcher at {place} Institute."]),
        (4, "c", "RN", ["Oncology nurse. Infusion chair stories, patient education.",
                        "Oncology nurse navigator. Making the system less scary."]),
        (2, "c", "PharmD", ["Oncology pharmacist. Dosing, interactions, irAEs."]),
        (2, "c", None, ["Oncology MSL. Views my own, not my employer's.", "Clinical trial coordinator, oncology.",
                        "Biotech scientist, cell therapy."]),
        (6, "p", None, ["#BCSM survivor. Patient advocate. Metastatic and still here.",
                        "Stage IV lung cancer, on immunotherapy since {year2}. #LCSM",
                        "Melanoma survivor & patient advocate.", "Caregiver to my husband (NSCLC). Patient advocate.",
                        "Patient advocate. Clinical trials should be findable."]),
        (1, "o", "org", ["{place} Cancer Center", "{place} Oncology Society", "{place} Therapeutics Inc",
                         "{place} Lung Cancer Foundation"]),
    ],
    "dm": [
        (6, "c", "MD", ["Endocrinologist. Type 2 diabetes, obesity medicine.",
                        "Family physician. Lots of type 2 diabetes, not enough time.",
                        "Primary care, obesity medicine. Views my own."]),
        (4, "c", "RN", ["Diabetes educator (CDCES).", "Nurse, diabetes clinic. CGM whisperer."]),
        (3, "c", "PharmD", ["Community pharmacist. GLP-1 supply updates (sorry).",
                            "Ambulatory care pharmacist, diabetes & cardiometabolic."]),
        (2, "c", "RD", ["Registered dietitian. Diabetes & weight management, no fads."]),
        (2, "c", "PhD", ["Diabetes researcher. Incretins & beta cells.", "Epidemiologist. Cardiometabolic outcomes."]),
        (7, "p", None, ["T1D since {year}. Insulin pump, strong opinions.",
                        "T2D, diagnosed {year2}. Sharing my GLP-1 journey honestly.", "Patient advocate. #insulin4all",
                        "Mom of a T1D kid. Night shifts with a CGM.",
                        "Living with type 2 diabetes and CKD. Patient advocate."]),
        (1, "o", "org", ["{place} Diabetes Foundation", "{place} Diabetes Society", "{place} Health Inc"]),
    ],
    "vax": [
        (5, "c", "MD", ["Pediatrician. Vaccines save lives.", "Infectious diseases physician. Vaccines & travel medicine.",
                        "Family doctor. Yes, I'll answer your vaccine questions."]),
        (4, "c", "RN", ["Public health nurse. Immunization clinics.", "School nurse. Vaccines, nosebleeds, everything."]),
        (3, "c", "PhD", ["Epidemiologist. Vaccine effectiveness.", "Immunologist. Explaining vaccines one thread at a time."]),
        (2, "c", "PharmD", ["Immunizing pharmacist."]),
        (2, "c", "MPH", ["Public health officer.", "Health communicator. Vaccine confidence."]),
        (4, "p", None, ["Parent of three, all vaccinated. Science fan.", "Grandmother. Lost a sister to polio. Vaccinate.",
                        "Teacher and pro-vaccine parent."]),
        (1, "o", "org", ["{place} County Health Department", "{place} Immunization Society",
                         "{place} Public Health Institute"]),
    ],
    "rare": [
        (7, "p", None, ["Mom to a warrior with {rare}. Patient advocate.", "Living with {rare}. Patient advocate.",
                        "Dad, caregiver, {rare} advocate.", "Undiagnosed for 9 years, then {rare}. Patient advocate.",
                        "Sibling & rare disease advocate."]),
        (3, "c", "MD", ["Clinical geneticist.", "Pediatric neurologist. Rare diseases.", "Metabolic physician, rare diseases."]),
        (2, "c", "MS, CGC", ["Genetic counselor."]),
        (2, "c", "PhD", ["Gene therapy researcher.", "Rare disease scientist. Natural history studies."]),
        (1, "o", "org", ["{place} Rare Disease Foundation", "{place} Rare Disease Alliance", "{place} Genomics Institute",
                         "{place} Biotherapeutics Inc"]),
    ],
    "gen": [
        (1, "g", None, ["Medical student.", "Health journalist (freelance).", "Retired GP.", "Science teacher.",
                        "Health policy nerd.", "Data scientist, health on the side.", "Just here for the science.",
                        "Physiotherapist.", "Hospital administrator.", "Nursing student."]),
    ],
}
ORG_BIO = {
    "Cancer Center": "Comprehensive cancer care, research and trials.",
    "Oncology Society": "Professional society for oncology clinicians and researchers.",
    "Therapeutics Inc": "Clinical-stage biotech developing cell therapies. Corporate account.",
    "Lung Cancer Foundation": "Foundation. Lung cancer research, patient support, trial navigation.",
    "Diabetes Foundation": "Foundation. Diabetes education, access and research.",
    "Diabetes Society": "Society of diabetes clinicians and educators.",
    "Health Inc": "Digital diabetes care company. Corporate account.",
    "County Health Department": "Official account. Clinics, outbreaks, immunization schedules.",
    "Immunization Society": "Society for immunization professionals.",
    "Public Health Institute": "Public health research institute.",
    "Rare Disease Foundation": "Foundation. Family support, registries, research grants.",
    "Rare Disease Alliance": "Alliance of rare disease patient organisations.",
    "Genomics Institute": "Institute for clinical genomics and diagnosis.",
    "Biotherapeutics Inc": "Rare disease biotech. Corporate account.",
}
ORG_HANDLE = {
    "Cancer Center": "Cancer", "Oncology Society": "OncSoc", "Therapeutics Inc": "Tx",
    "Lung Cancer Foundation": "LungFdn", "Diabetes Foundation": "DF", "Diabetes Society": "DiabSoc",
    "Health Inc": "Health", "County Health Department": "Health", "Immunization Society": "ImmSoc",
    "Public Health Institute": "PHI", "Rare Disease Foundation": "RDF", "Rare Disease Alliance": "Rare",
    "Genomics Institute": "Genomics", "Biotherapeutics Inc": "Bio",
}

# ---------------------------------------------------------------------------
# Platform configurations with the planted accounts
# ---------------------------------------------------------------------------
# DOL: (community, handle, display name, bio, topics, persona, followers, attractiveness)

DOL_FIXED = {  # the planted patient advocates' own stories
    "TamsinOrlwick": {"cancer": "triple-negative breast cancer", "ptag": "BCSM"},
    "JonahT1D": {"year": "1998"},
    "SorayaRareMom": {"rare": "an ultra-rare leukodystrophy"},
    "noorcgm@t1d.example": {"year": "2004"},
    "cyarrowby@rare.example": {"rare": "a mitochondrial disorder"},
    "T2DWithTariq": {"year": "2015"},
    "EsmeRareVoice": {"rare": "hereditary angioedema"},
}

X_CFG = dict(
    name="x", total_posts=1600, sizes=dict(onc=115, dm=100, vax=85, rare=55, gen=38), handle_max=15,
    dol_posts=(20, 30), spam_posts=80, spam_topic="immuno-oncology", news_posts=10, pod_rounds=30,
    outside_replies=6, prewindow_quotes=3, pending_quotes=0,
    dols=[
        ("onc", "DrMarenKestholt", "Dr. Maren Kestholt", "Medical oncologist (MD), thoracic & melanoma. Checkpoint inhibitors, irAEs, tumor boards. Views my own.", ["immuno-oncology"], "c", 41200, 26),
        ("onc", "QuendaleLab", "Ravi Quendale, PhD", "Immuno-oncology researcher. Tumor microenvironment, T-cell exhaustion, spatial biology. PI at Brinmere Institute.", ["immuno-oncology"], "c", 18900, 20),
        ("onc", "InesVellmontRWE", "Ines Vellmont, MD MPH", "Oncologist & outcomes researcher. Real-world evidence, registries, target trial emulation.", ["rwe", "immuno-oncology"], "c", 12400, 18),
        ("onc", "TamsinOrlwick", "Tamsin Orlwick", "#BCSM survivor & patient advocate. Immunotherapy access for everyone. Stage IV, still here.", ["immuno-oncology"], "p", 9800, 16),
        ("dm", "DrKenjiMarrow", "Dr. Kenji Marrowdale", "Endocrinologist, MD. Type 2 diabetes, GLP-1 receptor agonists, obesity medicine.", ["t2d-glp1"], "c", 36500, 25),
        ("dm", "AmaraZellPharmD", "Amara Zellgrove, PharmD", "Clinical pharmacist & diabetes educator. GLP-1 dosing, supply updates, SGLT2.", ["t2d-glp1"], "c", 14300, 18),
        ("dm", "JonahT1D", "Jonah Brindale", "T1D since 1998. Patient advocate. CGM access and insulin pricing. #insulin4all", ["t2d-glp1"], "p", 11700, 17),
        ("dm", "FarahCalderEpi", "Farah Calderwyn, PhD", "Diabetes epidemiologist. Real-world data, claims data, GLP-1 persistence.", ["rwe", "t2d-glp1"], "c", 7600, 15),
        ("vax", "DrIdrisFenholt", "Dr. Idris Fenholt", "Pediatrician (MD) & vaccine researcher. Measles, HPV, RSV. Vaccines work.", ["vaccines"], "c", 47800, 26),
        ("vax", "NurseLinneaRN", "Linnea Ravstead, RN", "Public health nurse. School immunization clinics. Talking vaccine hesitancy with kindness.", ["vaccines"], "c", 15200, 19),
        ("vax", "UllmarkPHI", "Ullmark Public Health Institute", "Independent public health institute. Immunization coverage data, weekly dashboards.", ["vaccines"], "o", 22100, 15),
        ("rare", "SorayaRareMom", "Soraya Jorvane", "Mom to a kid with an ultra-rare leukodystrophy. Patient advocate. Survived the diagnostic odyssey.", ["rare-disease"], "p", 13400, 22),
        ("rare", "PellmontRDF", "Pellmont Rare Disease Foundation", "Foundation. Patient registries, natural history studies, newborn screening advocacy.", ["rare-disease", "rwe"], "o", 19800, 17),
        ("rare", "DrAshbarrow", "Dr. Theo Ashbarrow", "Clinical geneticist, MD PhD. Gene therapy, undiagnosed diseases, whole-genome sequencing.", ["rare-disease"], "c", 10900, 16),
    ],
    spam=("ImmunoDeals247", "IMMUNO-MAX Deals", "Best prices on immune support! Free shipping worldwide. DM for wholesale."),
    news=("FerncastleNews", "The Ferncastle Courier", "General news from Ferncastle and beyond. News, weather, sport, opinion.", 184000),
    pod=[("GlowWithGwen", "Gwen | GLP-1 glow-up", "Wellness coach | GLP-1 journey | DM for collabs"),
         ("LeanLifeLeo", "Leo Lean Life", "Coach. Macros, mindset, GLP-1. Link in bio."),
         ("VitalVeraFit", "Vera Vital", "Weight loss journey -42 lbs | GLP-1 | affiliate links"),
         ("MacroMaxxed", "Maxx", "Fitness creator | GLP-1 tips | collab? DM"),
         ("ShredWithSia", "Sia Shreds", "Mom of 2 | GLP-1 + lifting | code SIA10")],
    ext=[("QuenholtJMed", "Quenholt Journal of Medicine", "Peer-reviewed general medicine. Editorial account.", "onc"),
         ("HallowmereHosp", "Hallowmere General Hospital", "News from Hallowmere General Hospital.", "vax")],
)
M_CFG = dict(
    name="mastodon", total_posts=800, sizes=dict(onc=55, dm=35, vax=50, rare=35, gen=19), handle_max=20,
    dol_posts=(15, 22), spam_posts=40, spam_topic="rare-disease", news_posts=8, pod_rounds=13,
    outside_replies=3, prewindow_quotes=0, pending_quotes=2,
    dols=[
        ("onc", "owynmere", "Dr Oskar Wynmere", "Medical oncologist (MD). GI cancers, immunotherapy, trial design. Posts my own.", ["immuno-oncology"], "c", 6400, 22),
        ("onc", "pstalbrook@sciences.example", "Priya Stalbrook, PhD", "Immuno-oncology lab head. CAR-T, tumor microenvironment, myeloid cells.", ["immuno-oncology"], "c", 4800, 18),
        ("onc", "rivelgarde@epi.example", "Rosalind Ivelgarde", "Pharmacoepidemiologist, PhD. Real-world evidence, target trial emulation, methods.", ["rwe", "immuno-oncology"], "c", 3900, 18),
        ("dm", "mdunridge", "Mateo Dunridge, MD", "Endocrinologist. Type 2 diabetes, GLP-1s, CGM. Teaching hospital, views my own.", ["t2d-glp1"], "c", 3100, 18),
        ("dm", "noorcgm@t1d.example", "Noor Calvane", "T1D since 2004. Patient advocate, open-source CGM tools.", ["t2d-glp1"], "p", 2700, 15),
        ("vax", "dorlstead", "Delphine Orlstead, PhD", "Epidemiologist. Vaccine effectiveness, measles, immunization registries.", ["vaccines"], "c", 5200, 22),
        ("vax", "hollisfieldphs@publichealth.example", "Hollisfield Public Health Society", "Public health society. Immunization, outbreaks, evidence.", ["vaccines"], "o", 4400, 16),
        ("rare", "cyarrowby@rare.example", "Callum Yarrowby", "Living with a mitochondrial disorder. Rare disease patient advocate. Registries save time.", ["rare-disease"], "p", 2900, 18),
        ("rare", "abrinvale", "Dr Anika Brinvale", "Clinical geneticist. Gene therapy, newborn screening, undiagnosed disease clinic.", ["rare-disease"], "c", 3600, 17),
    ],
    spam=("rarecure_clinic@deals.example", "RareCure Clinic", "Stem cell cures abroad. Book now! Financing available."),
    news=("eveningpost@news.example", "Marlowvale Evening Post", "Local and national news. Automated feed.", 52000),
    pod=[("fitfenna@wellness.example", "Fenna Fit", "GLP-1 glow-up | coach | link in profile"),
         ("coachcorin@wellness.example", "Coach Corin", "Macros and GLP-1 tips"),
         ("leanlior@wellness.example", "Lior Lean", "-38 lbs on my GLP-1 journey"),
         ("vitalvesna@wellness.example", "Vesna Vital", "Wellness, GLP-1, collabs welcome")],
    ext=[("grandrounds@hospital.example", "Hallowmere Grand Rounds", "Weekly grand rounds, open to all.", "vax")],
)
C_CFG = dict(
    name="csv", total_posts=600, sizes=dict(onc=38, dm=40, vax=25, rare=30, gen=11), handle_max=15,
    dol_posts=(13, 19), spam_posts=35, spam_topic="vaccines", news_posts=6, pod_rounds=10,
    outside_replies=3, prewindow_quotes=0, pending_quotes=0,
    dols=[
        ("onc", "DrTarrvane", "Dr. Cosima Tarrvane", "Medical oncologist, MD. Breast cancer & immunotherapy. #BCSM ally.", ["immuno-oncology"], "c", 28700, 24),
        ("onc", "SelgardeIO", "Yannick Selgarde, PhD", "Tumor immunologist. Checkpoint blockade resistance, TMB, neoantigens.", ["immuno-oncology"], "c", 9100, 18),
        ("onc", "NilsOncPharmD", "Nils Askridge, PharmD", "Oncology pharmacist. irAE management, dosing, real-world data.", ["immuno-oncology", "rwe"], "c", 6300, 15),
        ("dm", "DrTorstow", "Dr. Halima Torstow", "Endocrinologist MD. GLP-1, obesity, type 2 diabetes remission.", ["t2d-glp1"], "c", 31200, 25),
        ("dm", "T2DWithTariq", "Tariq Ellmont", "Living with type 2 diabetes since 2015. Patient advocate. Honest GLP-1 updates.", ["t2d-glp1"], "p", 8800, 18),
        ("dm", "GilstowDF", "Gilstow Diabetes Foundation", "Foundation. Access to diabetes care, GLP-1 affordability, education.", ["t2d-glp1", "rwe"], "o", 15400, 16),
        ("vax", "DrWanjiruPeds", "Dr. Wanjiru Morvane", "Pediatrician. Vaccines, school health, plain-language explainers.", ["vaccines"], "c", 19800, 22),
        ("vax", "VaxFactsRowan", "Rowan Kestbrook, MPH", "Public health communicator, MPH. Vaccine confidence & coverage data.", ["vaccines"], "c", 7700, 17),
        ("rare", "EsmeRareVoice", "Esme Hallowgrove", "Rare disease patient advocate. Living with hereditary angioedema. Registry volunteer.", ["rare-disease"], "p", 6900, 20),
        ("rare", "OrlbarrowGI", "Orlbarrow Genomics Institute", "Institute. Newborn screening, whole-genome sequencing, natural history studies.", ["rare-disease", "rwe"], "o", 11800, 16),
    ],
    spam=("NaturalImmun4U", "Natural Immunity Shop", "No needles, just nature! Immune detox kits. Worldwide shipping."),
    news=("QuenmouthHerald", "Quenmouth Herald", "Your daily newspaper: news, weather, sport, opinion.", 96000),
    pod=[("GlowWithGita", "Gita Glows", "GLP-1 journey | coach | link in bio"),
         ("FitFinnFuel", "Finn Fuel", "Macros, GLP-1 and mindset"),
         ("LeanLunaLife", "Luna Lean", "+30 lbs of confidence, -30 lbs on the scale | GLP-1 | DM collabs"),
         ("MaxMacroMoe", "Moe Macros", "GLP-1 tips daily | affiliate")],
    ext=[("HallowmereHosp", "Hallowmere General Hospital", "News from Hallowmere General Hospital.", "vax")],
)
SPAM_TEXT = {
    "immuno-oncology": [
        "70% OFF immune booster capsules today only! Doctors hate this. #ImmunoOncology #Immunotherapy #cancer",
        "Beat cancer naturally with our IMMUNO-MAX formula. Limited stock! #ImmunoOncology #CancerCure",
        "{@dol} you need to see this! Natural checkpoint support. #ImmunoOncology",
        "FREE shipping on immune support bundles. #ImmunoOncology #Immunotherapy #Oncology",
        "Your immune system deserves IMMUNO-MAX. Order now! #Immunotherapy #ImmunoOncology",
    ],
    "rare-disease": [
        "New stem cell cure for ALL rare diseases! Clinic abroad, book now. #RareDisease #GeneTherapy",
        "Families: our treatment works when doctors give up. Financing available. #RareDisease",
        "{@dol} we can help your followers! Stem cell packages from $9,900. #RareDisease",
        "Limited slots this month for our miracle protocol. #RareDisease #Undiagnosed",
    ],
    "vaccines": [
        "No needles needed! Our immune detox kit does it naturally. #vaccines #Immunization",
        "Natural immunity boost, 50% off this week only! #vaccines #VaccinesWork",
        "{@dol} try our detox drops, thousands of happy families! #vaccines",
        "Detox after every shot with our herbal kit. Order today! #Vaccination #vaccines",
    ],
}
SPAM_URL = {"immuno-oncology": "https://immunomax-deals.example/p/", "rare-disease": "https://rarecure.example/book/",
            "vaccines": "https://natural-immunity.example/shop/"}
DIURNAL = [2.0, 1.5, 1.0, 0.7, 0.5, 0.5, 0.7, 1.0, 1.5, 2.0, 2.5, 3.0,
           3.5, 4.0, 4.5, 4.5, 4.5, 4.5, 4.5, 4.0, 3.5, 3.0, 2.5, 2.5]
KIND_PROBS = {  # (orig, reply, repost, quote)
    "dol": (0.52, 0.36, 0.06, 0.06), "org": (0.55, 0.05, 0.30, 0.10),
    "reg": (0.23, 0.25, 0.42, 0.10), "gen": (0.25, 0.18, 0.47, 0.10),
}
KINDS = ("orig", "reply", "repost", "quote")


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------

class Account:
    def __init__(self, world, handle, name, bio, comm, role, ptype, topics, followers, attract, host=None):
        self.key = len(world.accounts)
        self.handle, self.name, self.bio = handle, name, bio
        self.comm, self.role, self.ptype, self.topics = comm, role, ptype, topics
        self.followers, self.attract, self.host = followers, attract, host
        self.uid = None  # platform account id
        self.fixed = {}
        self.used = set()  # templates already used by this account
        self.following = self.total_posts = 0
        world.accounts.append(self)


class Post:
    def __init__(self, author, t, kind, parent=None, segs=(), topic=None, lang="en"):
        self.author, self.t, self.kind, self.parent = author, t, kind, parent
        self.segs, self.topic, self.lang = list(segs), topic, lang
        self.id = None
        self.remote_id = None
        self.quote_state = "accepted"
        self.in_collection = True
        self.in_includes = True  # only meaningful for posts outside the collection
        self.thread_no = 0  # self-thread numbering
        self.tco = None

    @property
    def root(self):
        p = self
        while p.kind == "reply" and p.parent is not None:
            p = p.parent
        return p

    def mentions(self):
        out = []
        for s in self.segs:
            if s[0] == "m" and s[1] not in out:
                out.append(s[1])
        return out

    def hashtags(self):
        return [s[1] for s in self.segs if s[0] == "h"]


class World:
    def __init__(self, cfg, rng, namer):
        self.cfg, self.rng, self.namer = cfg, rng, namer
        self.name = cfg["name"]
        self.accounts, self.posts, self.ext_posts = [], [], []
        self.handles = set()
        self.dols = defaultdict(list)  # community -> DOL accounts
        self.members = defaultdict(list)  # community -> all organic accounts
        self.reposted = set()
        self.answered = set()

    # --- helpers -----------------------------------------------------------
    def time_in(self, comm, lo=None):
        rng = self.rng
        weights = []
        for d in range(DAYS):
            day = START + timedelta(days=d)
            w = 0.65 if day.weekday() >= 5 else 1.0
            if comm == "rare" and abs((day - RARE_DISEASE_DAY).days) <= 1:
                w *= 3.5 if day == RARE_DISEASE_DAY else 2.0
            if comm == "vax" and 15 <= d <= 18:  # a measles outbreak in the news
                w *= 2.2
            if comm == "onc" and 18 <= d <= 21:  # a congress
                w *= 1.8
            weights.append(w)
        d = rng.choices(range(DAYS), weights)[0]
        h = rng.choices(range(24), DIURNAL)[0]
        return START + timedelta(days=d, hours=h, minutes=rng.randrange(60), seconds=rng.randrange(60))

    def delay(self, median_min, sigma=1.2):
        m = max(0.5, self.rng.lognormvariate(math.log(median_min), sigma))
        return timedelta(seconds=int(m * 60) + self.rng.randrange(1, 60))

    def add(self, post):
        self.posts.append(post)
        return post


class Namer:
    """Invented people's names, unique across the three platforms."""

    def __init__(self, rng):
        self.rng = rng
        self.used_names = set()
        planted = {word for cfg in (X_CFG, M_CFG, C_CFG) for d in cfg["dols"] for word in re.findall(r"[A-Z][a-z]+", d[2])}
        self.surnames = [a + b for a in SUR_A for b in SUR_B if a + b not in SUR_BLOCK and a + b not in planted]
        rng.shuffle(self.surnames)
        self.si = 0
        self.places = []

    def reserve(self, full_name):
        self.used_names.add(full_name)

    def person(self):
        while True:
            f = self.rng.choice(FIRST)
            l = self.rng.choice(self.surnames[:300])
            if f + " " + l not in self.used_names:
                self.used_names.add(f + " " + l)
                return f, l

    def place(self):
        self.si += 1
        return self.surnames[-self.si]


# ---------------------------------------------------------------------------
# Text composition
# ---------------------------------------------------------------------------

SLOT_RE = re.compile(r"\{(@?\w+)\}")
TAG_RE = re.compile(r"(?<![\w&])#(\w+)")


def compose(rng, tpl, topic, ment=None, fixed=None):
    """Fill a template; return segments: ('t', text) | ('m', Account) | ('h', tag).

    `fixed` holds an author's own slot values (a patient's diagnosis, the year of it)."""
    ment, fixed = ment or {}, fixed or {}

    def fill(m):
        key = m.group(1)
        if key.startswith("@"):
            return "\x00" + key[1:] + "\x00"
        if key in fixed:
            return fixed[key]
        if key == "tag":
            return rng.choice(TAG_FORMS[topic])
        if key in ("kw", "KW"):
            kw = rng.choice(KW[topic])
            return kw[0].upper() + kw[1:] if key == "KW" else kw
        v = SLOTS[key]
        return v(rng) if callable(v) else rng.choice(v)

    s = SLOT_RE.sub(fill, tpl)
    segs = []
    for i, part in enumerate(s.split("\x00")):
        if i % 2:
            segs.append(("m", ment[part]))
            continue
        pos = 0
        for m in TAG_RE.finditer(part):
            if m.start() > pos:
                segs.append(("t", part[pos:m.start()]))
            segs.append(("h", m.group(1)))
            pos = m.end()
        if pos < len(part):
            segs.append(("t", part[pos:]))
    return segs


def add_tags(rng, segs, topic, comm, n):
    have = {s[1].lower() for s in segs if s[0] == "h"}
    for _ in range(n):
        pool = TAG_FORMS[topic] if (rng.random() < 0.8 or comm not in EXTRA_TAGS) else EXTRA_TAGS[comm]
        tag = rng.choice(pool)
        if tag.lower() in have:
            continue
        have.add(tag.lower())
        segs.append(("t", " "))
        segs.append(("h", tag))
    return segs


def plain(segs):
    out = []
    for s in segs:
        if s[0] == "t":
            out.append(s[1])
        elif s[0] == "m":
            out.append("@" + s[1].handle)
        elif s[0] == "h":
            out.append("#" + s[1])
        elif s[0] == "u":
            out.append(s[1])
    return "".join(out)


def reply_prefix(author, parent):
    """The automatic @-mentions of a reply: the parent's author and, in a thread, the root's author."""
    who = []
    for a in (parent.author, parent.root.author):
        if a is not author and a not in who:
            who.append(a)
    segs = []
    for a in who:
        segs += [("m", a), ("t", " ")]
    return segs


# ---------------------------------------------------------------------------
# Building one platform's conversation
# ---------------------------------------------------------------------------

def split_handle(h):
    if "@" in h:
        u, host = h.split("@", 1)
        return u, host
    return h, MASTODON_HOST


def build_world(cfg, seed, namer):
    rng = random.Random(f"{seed}:{cfg['name']}")
    w = World(cfg, rng, namer)
    make_accounts(w)
    noise_posts(w)
    organic_posts(w)
    finalize(w)
    return w


def new_handle(w, f, l, cred, org_name=None):
    rng, maxlen = w.rng, w.cfg["handle_max"]
    masto = w.name == "mastodon"
    for attempt in range(50):
        if org_name:
            place, kind = org_name
            cands = [place + ORG_HANDLE[kind], ORG_HANDLE[kind] + place, place + "_" + ORG_HANDLE[kind]]
        else:
            cands = [f + l, f + "_" + l, f[0] + l, l + "_" + f[0]]
            if cred in ("MD", "PhD"):
                cands += ["Dr" + l, "Dr" + f + l[:4], "dr_" + l]
            if cred in ("RN", "PharmD", "MD", "RD", "MPH"):
                cands += [l + cred, f + cred, f + "_" + cred]
            cands += [f + l[:3] + str(rng.randint(2, 99)), (f + "_" + l).lower()]
        h = rng.choice(cands)
        if masto:
            h = h.lower()
        if attempt > 10:
            h = h[: maxlen - 2] + str(rng.randint(10, 99))
        if len(h) <= maxlen and h.lower() not in w.handles:
            w.handles.add(h.lower())
            return h
    raise RuntimeError("no handle")


def display_name(rng, f, l, cred):
    if cred == "MD":
        return rng.choice([f"Dr. {f} {l}", f"{f} {l}, MD", f"{f} {l} MD", f"Dr {f} {l}"])
    if cred is None:
        return rng.choice([f"{f} {l}", f"{f} {l}", f"{f} {l[0]}.", f"{f}"])
    if cred == "PhD":
        return rng.choice([f"{f} {l}, PhD", f"Dr {f} {l}", f"{f} {l} PhD"])
    return f"{f} {l}, {cred}"


def personal_slots(rng, bio):
    """A persona's own diagnosis and dates, used in its bio and in its posts."""
    cancer, ptag = rng.choice([("NSCLC", "LCSM"), ("triple-negative breast cancer", "BCSM"), ("melanoma", "MelanomaSurvivor")])
    if "lung" in bio or "NSCLC" in bio:
        cancer, ptag = "NSCLC", "LCSM"
    elif "BCSM" in bio:
        cancer, ptag = "triple-negative breast cancer", "BCSM"
    elif "Melanoma" in bio:
        cancer, ptag = "melanoma", "MelanomaSurvivor"
    return {"cancer": cancer, "ptag": ptag, "rare": rng.choice(SLOTS["rare"]),
            "year": str(rng.randint(1979, 2012)), "year2": str(rng.randint(2016, 2024))}


def fill_bio(rng, bio, place, fixed):
    cancer = rng.choice(SLOTS["cancer"])
    return (bio.replace("{place}", place).replace("{cancer}", cancer[0].upper() + cancer[1:])
            .replace("{rare}", fixed["rare"]).replace("{year}", fixed["year"]).replace("{year2}", fixed["year2"]))


def lognormal_followers(rng, median, sigma=1.1):
    return max(3, int(rng.lognormvariate(math.log(median), sigma)))


def make_accounts(w):
    rng, cfg = w.rng, w.cfg
    host_of = {"onc": ["onc.example", "sciences.example", "mastodon.example"],
               "dm": ["t1d.example", "mastodon.example", "health.example"],
               "vax": ["publichealth.example", "mastodon.example", "sciences.example"],
               "rare": ["rare.example", "mastodon.example"], "gen": ["mastodon.example", "social.example"]}

    def mk(handle, name, bio, comm, role, ptype, topics, followers, attract):
        host, full = None, handle
        if w.name == "mastodon":
            handle, host = split_handle(handle)
        w.handles.add(handle.lower() if w.name != "mastodon" else handle.lower() + "@" + host)
        a = Account(w, handle, name, bio, comm, role, ptype, topics, followers, attract, host)
        a.fixed = DOL_FIXED.get(full, {})
        return a

    for comm, handle, name, bio, topics, ptype, followers, attract in cfg["dols"]:
        a = mk(handle, name, bio, comm, "dol", ptype, topics, followers, attract)
        w.dols[comm].append(a)
        w.members[comm].append(a)
        w.namer.reserve(name)
    for comm, size in cfg["sizes"].items():
        n = size - len(w.dols[comm])
        personas = PERSONAS[comm]
        for _ in range(n):
            _, ptype, cred, bios = rng.choices(personas, [p[0] for p in personas])[0]
            if cred == "org":
                place = w.namer.place()
                kind_name = rng.choice(bios)
                name = kind_name.replace("{place}", place)
                kind = kind_name.replace("{place} ", "")
                handle = new_handle(w, None, None, None, (place, kind))
                bio = ORG_BIO[kind]
                followers = lognormal_followers(rng, 4000, 0.7)
                role, attract, fixed = "org", rng.uniform(2.0, 5.0), {}
            else:
                f, l = w.namer.person()
                handle = new_handle(w, f, l, cred)
                name = display_name(rng, f, l, cred)
                bio = rng.choice(bios)
                fixed = personal_slots(rng, bio)
                bio = fill_bio(rng, bio, w.namer.place() if "{place}" in "".join(bios) else "", fixed)
                followers = lognormal_followers(rng, {"c": 700, "p": 350, "g": 180}[ptype])
                role = "gen" if comm == "gen" else "reg"
                attract = min(8.0, rng.lognormvariate(-0.2, 0.9))
            host = None
            if w.name == "mastodon":
                host = MASTODON_HOST if rng.random() < 0.45 else rng.choice(host_of[comm])
                handle = handle.replace("-", "_")
            topics = [COMM_TOPIC[comm]] if comm in COMM_TOPIC else list(TOPICS)
            a = Account(w, handle, name, bio, comm, role, ptype, topics, followers, attract, host)
            a.fixed = fixed if ptype == "p" and cred != "org" else {}
            w.members[comm].append(a)
    # noise
    sh, sn, sb = cfg["spam"]
    w.spammer = mk(sh, sn, sb, "spam", "spam", "g", [cfg["spam_topic"]], 37, 0.0)
    nh, nn, nb, nf = cfg["news"]
    w.news = mk(nh, nn, nb, "news", "news", "o", [], nf, 0.6)
    w.pod = [mk(h, n, b, "pod", "pod", "g", ["t2d-glp1"], rng.randint(2500, 9000), 0.0) for h, n, b in cfg["pod"]]
    w.ext = [mk(h, n, b, c, "ext", "o", [], rng.randint(20000, 90000), 0.0) for h, n, b, c in cfg["ext"]]
    for a in w.accounts:
        a.following = {"spam": rng.randint(4000, 5000), "pod": rng.randint(3000, 4900)}.get(
            a.role, int(rng.lognormvariate(math.log(400), 0.8)))
    assign_account_ids(w)


def assign_account_ids(w):
    rng = w.rng
    used = set()
    for a in w.accounts:
        while True:
            if w.name == "mastodon":
                created = datetime(2022, 11, 1, tzinfo=timezone.utc) + timedelta(days=rng.uniform(0, 1100))
                uid = (int(created.timestamp() * 1000) << 16) | rng.getrandbits(16)
            elif w.name == "x" and rng.random() < 0.3:
                uid = rng.randint(10_000_000, 3_999_999_999)  # old-style account ids
            else:
                created = datetime(2012, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.uniform(0, 5000))
                uid = ((int(created.timestamp() * 1000) - TWITTER_EPOCH_MS) << 22) | rng.getrandbits(22)
            if uid not in used:
                used.add(uid)
                a.uid = str(uid)
                break


# --- noise -----------------------------------------------------------------

def noise_posts(w):
    rng, cfg = w.rng, w.cfg
    # (a) spammer: bursts of posts flooding one topic hashtag
    topic = cfg["spam_topic"]
    left = cfg["spam_posts"]
    while left > 0:
        burst = min(left, rng.randint(6, 12))
        t = w.time_in("gen")
        for _ in range(burst):
            tpl = rng.choice(SPAM_TEXT[topic])
            dol = rng.choice(w.dols[TOPIC_COMM[topic]])
            segs = compose(rng, tpl, topic, {"dol": dol})
            code = f"{rng.randint(100, 999)}{rng.choice('abcdefgh')}"
            segs += [("t", " "), ("u", SPAM_URL[topic] + code)]
            w.add(Post(w.spammer, t, "orig", segs=segs, topic=topic))
            t += timedelta(seconds=rng.randint(40, 400))
            left -= 1
    # (b) news outlet: mostly off-topic headlines
    for i in range(cfg["news_posts"]):
        head, top = NEWS_POSTS[i % len(NEWS_POSTS)]
        segs = [("t", head + ". Read more: "), ("u", f"https://news.example/{w.news.handle.lower()}/{rng.randint(10000, 99999)}")]
        w.add(Post(w.news, w.time_in("gen"), "orig", segs=segs, topic=top))
    # (c) engagement pod: post, then repost and reply to one another within minutes
    for _ in range(cfg["pod_rounds"]):
        poster = rng.choice(w.pod)
        others = [a for a in w.pod if a is not poster]
        t = START + timedelta(days=rng.randrange(DAYS), hours=rng.randrange(7, 23), minutes=rng.randrange(60))
        segs = compose(rng, rng.choice(POD_ORIG), "t2d-glp1", {"pod": rng.choice(others)})
        orig = w.add(Post(poster, t, "orig", segs=segs, topic="t2d-glp1"))
        for a in rng.sample(others, rng.randint(len(others) - 2, len(others))):
            w.add(Post(a, t + timedelta(seconds=rng.randint(30, 1500)), "repost", orig))
        repliers = rng.sample(others, rng.randint(1, min(3, len(others))))
        for a in repliers:
            body = rng.choice(POD_REPLY) + (" \U0001F525" if w.name != "x" and rng.random() < 0.4 else "")
            r = w.add(Post(a, t + timedelta(seconds=rng.randint(60, 2400)), "reply", orig,
                           reply_prefix(a, orig) + [("t", body)], "t2d-glp1"))
            if rng.random() < 0.5:
                w.add(Post(poster, r.t + timedelta(seconds=rng.randint(60, 900)), "reply", r,
                           reply_prefix(poster, r) + [("t", rng.choice(["Thank you babe!!", "You're the best!", "Love you for this"]))],
                           "t2d-glp1"))


# --- organic conversation ----------------------------------------------------

def allocate(total, weights, minimum=1):
    n = len(weights)
    rest = total - minimum * n
    s = sum(weights)
    raw = [rest * x / s for x in weights]
    fl = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: (-(raw[i] - fl[i]), i))
    for i in order[: rest - sum(fl)]:
        fl[i] += 1
    return [minimum + x for x in fl]


def choose_topic(rng, a):
    if a.role == "dol":
        return a.topics[0] if len(a.topics) == 1 or rng.random() < 0.65 else a.topics[1]
    if a.comm == "gen":
        return rng.choice(list(TOPICS))
    r = rng.random()
    home = COMM_TOPIC[a.comm]
    if r < 0.86:
        return home
    if r < 0.95 and a.comm in CLINICAL and a.ptype in "co":
        return "rwe"
    return rng.choice([t for t in TOPICS if t != home])


def dol_for_topic(w, topic, *exclude):
    comm = TOPIC_COMM[topic]
    alld = [a for c in w.dols for a in w.dols[c]]
    pool = [a for a in alld if "rwe" in a.topics] if comm == "rwe" else w.dols[comm]
    pool = [a for a in pool if a not in exclude] or [a for a in alld if a not in exclude]
    weights = [a.attract for a in pool]
    return w.rng.choices(pool, weights)[0]


# Papers and trials the clinicians share, in the forms people paste them
# (resolver links, journal pages, PubMed, ClinicalTrials.gov old and new,
# medRxiv with a version, tracking parameters). Every id is made up: DOIs
# use Crossref's test prefix 10.5555; NCT and PMID numbers are unassigned.
PAPERS = {
    "immuno-oncology": ["https://journals.example/doi/full/10.5555/io.2025.0101",
                        "https://clinicaltrials.gov/study/NCT09100101?utm_source=twitter&utm_medium=social",
                        "https://pubmed.ncbi.nlm.nih.gov/99100101/"],
    "t2d-glp1": ["https://doi.org/10.5555/DM.2025.0202",
                 "https://www.medrxiv.org/content/10.1101/2025.03.01.25300202v2",
                 "https://clinicaltrials.gov/ct2/show/NCT09100202"],
    "vaccines": ["https://doi.org/10.5555/vax.2025.0303?utm_campaign=newsletter",
                 "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9910303/",
                 "https://pubmed.ncbi.nlm.nih.gov/99100303"],
    "rare-disease": ["https://dx.doi.org/10.5555/rare.2025.0404",
                     "https://www.clinicaltrials.gov/study/NCT09100404"],
    "rwe": ["https://journals.example/doi/10.5555/rwe.2025.0505",
            "https://www.medrxiv.org/content/10.1101/2025.06.02.25300505v1.full"],
}


def add_paper(a, t, topic, segs):
    """A paper link at the end of some original posts, chosen by a hash of
    the post, not the RNG, so the rest of the sample is as it was (a
    retweet's 140 characters keep it only after a short text, as on X)."""
    papers = PAPERS.get(topic)
    if not papers:
        return segs
    h = zlib.crc32(f"{a.handle}|{t.isoformat()}".encode())
    if h % 100 >= (30 if a.role == "dol" else 3):
        return segs
    url = papers[(h // 100) % len(papers)]
    head = " Trial: " if "clinicaltrials" in url else " Paper: "
    return segs + [("t", head), ("u", url)]


def make_original(w, a):
    rng = w.rng
    topic = choose_topic(rng, a)
    t = w.time_in(a.comm if a.comm in COMM_TOPIC else "gen")
    lang = "en"
    r = rng.random()
    dol = dol_for_topic(w, topic, a)
    ment = {"news": w.news, "dol": dol, "dol2": dol_for_topic(w, topic, a, dol)}
    ptype = a.ptype if a.ptype in "cpo" else "c"
    forms = ORIG[topic]
    foreign = [f for f in FOREIGN if f[1] == topic]
    if a.comm == "rare" and topic == "rare-disease" and abs((t - RARE_DISEASE_DAY).days) <= 1 and rng.random() < 0.5:
        tpl = rng.choice(RDD)
    elif a.role == "dol":
        if r < 0.12:
            tpl = rng.choice(MENTION_COLLEAGUE)
        elif r < 0.16:
            tpl = rng.choice(MENTION_NEWS)
        else:
            tpl = rng.choice(forms.get(ptype) or forms["c"])
    elif a.role == "gen":
        tpl = rng.choice(GENERAL if r < 0.3 else MENTION_DOL if r < 0.55 else MENTION_NEWS if r < 0.75
                         else forms["c"] + forms["p"])
    else:
        if r < 0.22:
            tpl = rng.choice(MENTION_DOL)
        elif r < 0.36:
            tpl = rng.choice(MENTION_NEWS)
        elif foreign and r > 0.97:
            lang, _, tpl = rng.choice(foreign)
        else:
            tpl = rng.choice(forms.get(ptype) or forms["c"])
    if tpl in a.used:  # people rarely say the same thing twice: try once more
        tpl = rng.choice(forms.get(ptype) or forms["c"])
    a.used.add(tpl)
    segs = compose(rng, tpl, topic, ment, a.fixed)
    if rng.random() < (0.15 if a.role == "dol" else 0.02):  # some posts come in paragraphs
        for i, s in enumerate(segs):
            if s[0] == "t" and ". " in s[1]:
                segs[i] = ("t", s[1].replace(". ", ".\n\n" if a.role == "dol" else ".\n", 1))
                break
    ntags = rng.choices([0, 1, 2], [0.35, 0.45, 0.2])[0] if not any(s[0] == "h" for s in segs) else \
        rng.choices([0, 1], [0.75, 0.25])[0]
    add_tags(rng, segs, topic, a.comm, ntags)
    segs = add_paper(a, t, topic, segs)
    return w.add(Post(a, t, "orig", segs=segs, topic=topic, lang=lang))


def affinity(eng, post):
    ea, ta = eng, post.author
    if ta.role in ("spam", "pod", "ext"):
        return 0.0
    if ta.role == "news":
        return 0.5 if ea.comm == "gen" else 0.02
    if ea.comm == "gen":
        base = 0.35
    elif ea.comm == ta.comm:
        base = 1.0
    elif post.topic == "rwe" and ea.comm in CLINICAL:
        base = 0.5
    else:
        base = 0.03
    if ea.role == "dol" and ta.role == "dol":
        base *= 2.5
    return base


def pick_target(w, eng, pool, kind, tries=25):
    rng = w.rng
    weights = [0.0 if p.author is eng else p.author.attract * affinity(eng, p) * (0.25 if p.kind == "quote" else 1.0)
               for p in pool]
    if not any(weights):
        return None, None
    for _ in range(tries):
        p = rng.choices(pool, weights)[0]
        if kind == "repost" and (eng.key, id(p)) in w.reposted:
            continue
        t = p.t + w.delay(35 if kind == "repost" else 80)
        if t < END - timedelta(minutes=2):
            if kind == "repost":
                w.reposted.add((eng.key, id(p)))
            return p, t
    return None, None


def reply_body(w, a, parent):
    rng = w.rng
    topic = parent.topic if parent.topic in TOPICS else COMM_TOPIC.get(a.comm, "vaccines")
    r = rng.random()
    ment = {"dol2": dol_for_topic(w, topic, parent.author, a), "news": w.news}
    if r < 0.07:
        tpl = rng.choice(REPLY_CC)
    elif r < 0.10:
        tpl = rng.choice(MENTION_NEWS[:3])
    elif r < 0.55:
        tpl = rng.choice(REPLY_TOPIC[topic])
    else:
        tpl = rng.choice(REPLY_GENERIC)
    segs = compose(rng, tpl, topic, ment, a.fixed)
    if rng.random() < 0.12:
        add_tags(rng, segs, topic, a.comm, 1)
    return segs, topic


def make_engagement(w, a, kind, pool):
    rng = w.rng
    parent, t = pick_target(w, a, pool, kind)
    if parent is None:
        return None
    if kind == "repost":
        return w.add(Post(a, t, "repost", parent, topic=parent.topic, lang=parent.lang))
    if kind == "quote":
        topic = parent.topic if parent.topic in TOPICS else "vaccines"
        ment = {"news": w.news}
        tpl = rng.choice(QUOTE) if rng.random() > 0.1 else rng.choice(MENTION_NEWS)
        segs = compose(rng, tpl, topic, ment, a.fixed)
        add_tags(rng, segs, topic, a.comm, rng.choices([0, 1, 2], [0.5, 0.4, 0.1])[0])
        return w.add(Post(a, t, "quote", parent, segs, topic))
    segs, topic = reply_body(w, a, parent)
    return w.add(Post(a, t, "reply", parent, reply_prefix(a, parent) + segs, topic))


def organic_posts(w):
    rng, cfg = w.rng, w.cfg
    budget = cfg["total_posts"] - len(w.posts) - cfg["outside_replies"] - cfg["prewindow_quotes"]
    dols = [a for a in w.accounts if a.role == "dol"]
    regs = [a for a in w.accounts if a.role in ("reg", "org", "gen")]
    lo, hi = cfg["dol_posts"]
    dol_n = [rng.randint(lo, hi) for _ in dols]
    reg_n = allocate(budget - sum(dol_n), [min(25.0, rng.paretovariate(1.3)) * (1.6 if a.role == "org" else 1.0)
                                           for a in regs])
    slots = []
    for a, n in list(zip(dols, dol_n)) + list(zip(regs, reg_n)):
        probs = KIND_PROBS["dol" if a.role == "dol" else a.role]
        kinds = [rng.choices(KINDS, probs)[0] for _ in range(n)]
        if a.role != "dol" and n >= 1 and "orig" not in kinds and rng.random() < 0.3:
            kinds[0] = "orig"
        for k in kinds:
            slots.append((a, k))
    rng.shuffle(slots)
    # phase A: originals
    for a, k in slots:
        if k == "orig":
            make_original(w, a)
    originals = [p for p in w.posts if p.kind == "orig" and p.author.role not in ("spam", "pod")]
    # phase B: everyone but DOLs engages with originals; 15% of replies wait for phase D
    later = []
    for a, k in slots:
        if a.role == "dol" or k == "orig":
            continue
        if k == "reply" and rng.random() < 0.15:
            later.append((a, k))
            continue
        pool = originals + [p for p in w.posts if p.kind == "quote"]
        if make_engagement(w, a, k, pool) is None:
            later.append((a, k))
    # phase C: DOLs answer their repliers, continue their threads, talk to each other
    for a, k in slots:
        if a.role != "dol" or k == "orig":
            continue
        if k == "reply":
            dol_reply(w, a)
        else:
            pool = [p for p in originals if p.author.role == "dol" or p.author.attract > 2.0]
            if make_engagement(w, a, k, pool) is None:
                make_engagement(w, a, k, originals)
    # phase D: the remaining replies join running conversations
    for a, k in later:
        pool = [p for p in w.posts if p.kind == "reply" and p.author.role == "dol" and p.parent.author is not p.author]
        if k != "reply" or rng.random() < 0.3:
            pool = originals
        if make_engagement(w, a, k, pool) is None:
            make_engagement(w, a, k, originals)
    outside_and_prewindow(w)


def dol_reply(w, a):
    rng = w.rng
    own = [p for p in w.posts if p.author is a and p.kind == "orig"]
    r = rng.random()
    if r < 0.25 and own:  # continue a self-thread
        p = rng.choice(own)
        last = p
        while True:
            nxt = [q for q in w.posts if q.parent is last and q.kind == "reply" and q.author is a and q.thread_no]
            if not nxt:
                break
            last = nxt[0]
        if last.thread_no == 0:
            last.thread_no = 1
            p.segs.insert(0, ("t", "1/ "))
        t = last.t + timedelta(seconds=rng.randint(45, 600))
        if t < END:
            q = w.add(Post(a, t, "reply", last, [("t", f"{last.thread_no + 1}/ " + rng.choice(THREAD_CONT))], last.topic))
            q.thread_no = last.thread_no + 1
            return q
    if r < 0.75:  # answer someone who replied to them
        cands = [p for p in w.posts if p.kind == "reply" and p.parent is not None and p.parent.author is a
                 and p.author is not a and id(p) not in w.answered]
        if cands:
            p = rng.choice(cands)
            w.answered.add(id(p))
            t = p.t + w.delay(50)
            if t < END:
                topic = p.topic if p.topic in TOPICS else a.topics[0]
                segs = reply_prefix(a, p) + compose(rng, rng.choice(DOL_ANSWER), topic)
                return w.add(Post(a, t, "reply", p, segs, topic))
    pool = [p for p in w.posts if p.kind == "orig" and p.author.role in ("dol", "reg", "org") and p.author is not a]
    return make_engagement(w, a, "reply", pool)


def outside_and_prewindow(w):
    rng, cfg = w.rng, w.cfg
    regs = [a for a in w.accounts if a.role == "reg"]
    # replies to posts outside the collection: the author is known, the post is not
    for i in range(cfg["outside_replies"]):
        target = w.ext[i % len(w.ext)] if i % 3 == 2 else rng.choice([a for a in w.accounts if a.role == "dol"])
        comm = target.comm if target.comm in COMM_TOPIC else "vax"
        a = rng.choice([x for x in regs if x.comm == comm])
        topic = COMM_TOPIC[comm]
        ghost_t = w.time_in(comm)
        ghost = Post(target, ghost_t, "orig", segs=compose(rng, rng.choice(ORIG[topic]["c"]), topic), topic=topic)
        ghost.in_collection = False
        ghost.in_includes = False
        w.ext_posts.append(ghost)
        segs, topic = reply_body(w, a, ghost)
        w.add(Post(a, min(END - timedelta(minutes=5), ghost_t + w.delay(90)), "reply", ghost,
                   reply_prefix(a, ghost) + segs, topic))
    # quotes of older posts (before the window): present in includes.tweets only
    for i in range(cfg["prewindow_quotes"]):
        dol = rng.choice([a for a in w.accounts if a.role == "dol"])
        topic = dol.topics[0]
        old = Post(dol, START - timedelta(days=rng.randint(20, 60), hours=rng.randint(0, 23)), "orig",
                   segs=compose(rng, rng.choice(ORIG[topic]["c"]), topic), topic=topic)
        old.in_collection = False
        w.ext_posts.append(old)
        a = rng.choice([x for x in regs if x.comm == dol.comm])
        segs = [("t", "Still the best explainer on this, two months on.")]
        add_tags(rng, segs, topic, a.comm, 1)
        w.add(Post(a, w.time_in(dol.comm), "quote", old, segs, topic))
    # Mastodon: a few quote requests not (yet) accepted by the quoted author
    quotes = [p for p in w.posts if p.kind == "quote"]
    for p in rng.sample(quotes, cfg["pending_quotes"]):
        p.quote_state = "pending"


def finalize(w):
    rng = w.rng
    allp = sorted(w.posts + w.ext_posts, key=lambda p: (p.t, p.author.key))
    used = set()
    for p in allp:
        while True:
            ms = int(p.t.timestamp() * 1000) + rng.randrange(0, 1000)
            if w.name == "mastodon":
                pid = (ms << 16) | rng.getrandbits(16)
            else:
                pid = ((ms - TWITTER_EPOCH_MS) << 22) | rng.getrandbits(22)
            if pid not in used:
                used.add(pid)
                p.id = str(pid)
                break
        p.remote_id = str(((ms + rng.randrange(1, 900)) << 16) | rng.getrandbits(16))
        p.tco = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10))
    w.posts.sort(key=lambda p: (p.t, int(p.id)))
    # engagement counters: inside the collection plus what the collection did not catch
    w.counts = defaultdict(Counter)
    for p in w.posts:
        if p.parent is not None and p.kind != "orig":
            w.counts[id(p.parent)][p.kind] += 1
    for p in allp:
        c = w.counts[id(p)]
        a = p.author
        if p.kind == "repost" or a.role == "spam":
            continue
        scale = a.attract if a.role != "pod" else 3.0
        c["like"] = int(scale * rng.lognormvariate(1.6, 0.8)) + 2 * c["repost"] + c["reply"]
        if a.role not in ("pod",):
            c["repost"] += int(scale * rng.random() * 1.5)
            c["reply"] += int(scale * rng.random() * 0.4)
            c["quote"] += int(rng.random() < scale / 60)
    for a in w.accounts:
        a.total_posts = sum(1 for p in w.posts if p.author is a)


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# --- X API v2 ----------------------------------------------------------------

def x_render(p):
    """Text and entities of a tweet's own text."""
    text, mentions, hashtags, urls = "", [], [], []
    for s in p.segs:
        if s[0] == "t":
            text += s[1]
        elif s[0] == "m":
            tok = "@" + s[1].handle
            mentions.append({"start": len(text), "end": len(text) + len(tok), "username": s[1].handle, "id": s[1].uid})
            text += tok
        elif s[0] == "h":
            tok = "#" + s[1]
            hashtags.append({"start": len(text), "end": len(text) + len(tok), "tag": s[1]})
            text += tok
        elif s[0] == "u":
            tok = "https://t.co/" + p.tco
            disp = s[1].split("://", 1)[1]
            urls.append({"start": len(text), "end": len(text) + len(tok), "url": tok, "expanded_url": s[1],
                         "display_url": disp if len(disp) <= 26 else disp[:25] + "\u2026"})
            text += tok
    if p.kind == "quote":
        q = p.parent
        tok = "https://t.co/" + p.tco
        exp = f"https://twitter.com/{q.author.handle}/status/{q.id}"
        text += " "
        urls.append({"start": len(text), "end": len(text) + len(tok), "url": tok, "expanded_url": exp,
                     "display_url": f"twitter.com/{q.author.handle}/s\u2026"})
        text += tok
    return text, {"mentions": mentions, "hashtags": hashtags, "urls": urls}


def x_tweet(w, p):
    if p.kind == "repost":
        otext, oent = x_render(p.parent)
        prefix = f"RT @{p.parent.author.handle}: "
        text = prefix + otext
        cut = len(text)
        if len(text) > 140:
            cut = 139
            text = text[:139] + "\u2026"
        ent = {"mentions": [{"start": 3, "end": 4 + len(p.parent.author.handle), "username": p.parent.author.handle,
                             "id": p.parent.author.uid}], "hashtags": [], "urls": []}
        for k in ("mentions", "hashtags", "urls"):
            for e in oent[k]:
                if e["end"] + len(prefix) <= cut:
                    e = dict(e, start=e["start"] + len(prefix), end=e["end"] + len(prefix))
                    ent[k].append(e)
    else:
        text, ent = x_render(p)
    ent = {k: v for k, v in ent.items() if v}
    c = w.counts[id(p)]
    d = {"edit_history_tweet_ids": [p.id], "id": p.id, "text": text, "author_id": p.author.uid,
         "created_at": iso(p.t), "lang": p.lang,
         "conversation_id": p.root.id if p.kind == "reply" else p.id}
    if p.kind == "reply":
        d["in_reply_to_user_id"] = p.parent.author.uid
    ref = {"reply": "replied_to", "quote": "quoted", "repost": "retweeted"}.get(p.kind)
    if ref:
        d["referenced_tweets"] = [{"type": ref, "id": p.parent.id}]
    if ent:
        d["entities"] = ent
    if p.kind == "repost":
        pc = w.counts[id(p.parent)]
        d["public_metrics"] = {"retweet_count": pc["repost"], "reply_count": 0, "like_count": 0, "quote_count": 0}
    else:
        d["public_metrics"] = {"retweet_count": c["repost"], "reply_count": c["reply"], "like_count": c["like"],
                               "quote_count": c["quote"]}
    return d


def x_user(a):
    return {"id": a.uid, "name": a.name, "username": a.handle, "description": a.bio,
            "public_metrics": {"followers_count": a.followers, "following_count": a.following,
                               "tweet_count": a.total_posts * 7 + 150 + (a.key * 37) % 4000,
                               "listed_count": a.followers // 90}}


def write_x(w, path):
    by_uid = {a.uid: a for a in w.accounts}
    tweets = sorted(w.posts, key=lambda p: int(p.id), reverse=True)  # search returns newest first
    pages = [tweets[i:i + 100] for i in range(0, len(tweets), 100)]
    lines = []
    for n, page in enumerate(pages):
        data = [x_tweet(w, p) for p in page]
        users, seen = [], set()

        def add_user(a):
            if a.uid not in seen:
                seen.add(a.uid)
                users.append(x_user(a))

        inc_tweets, seen_t, errors = [], set(), []
        for p in page:
            add_user(p.author)
        for d, p in zip(data, page):
            if p.kind == "reply":  # in_reply_to_user_id, known even when the tweet is not
                add_user(p.parent.author)
            for e in d.get("entities", {}).get("mentions", []):
                add_user(by_uid[e["id"]])
            if p.parent is None:
                continue
            q = p.parent
            if not q.in_collection and not q.in_includes:
                if q.id not in seen_t:
                    seen_t.add(q.id)
                    errors.append({"value": q.id, "detail": f"Could not find tweet with referenced_tweets.id: [{q.id}].",
                                   "title": "Not Found Error", "resource_type": "tweet",
                                   "parameter": "referenced_tweets.id", "resource_id": q.id,
                                   "type": "https://api.twitter.com/2/problems/resource-not-found"})
                continue
            if q.id not in seen_t:
                seen_t.add(q.id)
                inc_tweets.append(x_tweet(w, q))
                add_user(q.author)
        page_obj = {"data": data, "includes": {"users": users, "tweets": inc_tweets}}
        if errors:
            page_obj["errors"] = errors
        meta = {"newest_id": page[0].id, "oldest_id": page[-1].id, "result_count": len(page)}
        if n + 1 < len(pages):
            meta["next_token"] = "b26v89c19zqg8o3fo" + format(int(page[-1].id) % (36 ** 12), "x")
        page_obj["meta"] = meta
        lines.append(dumps(page_obj))
    # an overlapping export: page 9 comes again after page 10 (100 duplicate tweets)
    lines.insert(10, lines[8])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- Mastodon -----------------------------------------------------------------

def h(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def m_acct(a):
    return a.handle if a.host == MASTODON_HOST else f"{a.handle}@{a.host}"


def m_url(a):
    return f"https://{a.host}/@{a.handle}"


def m_account(a):
    return {"id": a.uid, "username": a.handle, "acct": m_acct(a), "display_name": a.name, "locked": False,
            "bot": a.role == "news", "note": f"<p>{h(a.bio)}</p>", "url": m_url(a),
            "followers_count": a.followers, "following_count": a.following,
            "statuses_count": a.total_posts * 9 + 40 + (a.key * 53) % 3000}


def m_status_url(p):
    a = p.author
    if a.host == MASTODON_HOST:
        return f"https://{MASTODON_HOST}/@{a.handle}/{p.id}", f"https://{MASTODON_HOST}/users/{a.handle}/statuses/{p.id}"
    return f"https://{a.host}/@{a.handle}/{p.remote_id}", f"https://{a.host}/users/{a.handle}/statuses/{p.remote_id}"


def m_content(p):
    out = []
    for s in p.segs:
        if s[0] == "t":
            out.append(h(s[1]))
        elif s[0] == "m":
            out.append(f'<span class="h-card" translate="no"><a href="{m_url(s[1])}" class="u-url mention">'
                       f'@<span>{h(s[1].handle)}</span></a></span>')
        elif s[0] == "h":
            out.append(f'<a href="https://{MASTODON_HOST}/tags/{s[1].lower()}" class="mention hashtag" rel="tag">'
                       f'#<span>{h(s[1])}</span></a>')
        elif s[0] == "u":
            out.append(f'<a href="{h(s[1])}" target="_blank" rel="nofollow noopener" translate="no">{h(s[1])}</a>')
    body = "".join(out)
    html = "".join(f"<p>{para.replace(chr(10), '<br />')}</p>" for para in body.split("\n\n"))
    if p.kind == "quote":
        url = m_status_url(p.parent)[0]
        html += f'<p class="quote-inline">RE: <a href="{url}">{h(url)}</a></p>'
    return html


def m_status(w, p, depth=0):
    url, uri = m_status_url(p)
    if p.kind == "repost":
        return {"id": p.id, "created_at": iso(p.t), "in_reply_to_id": None, "in_reply_to_account_id": None,
                "sensitive": False, "spoiler_text": "", "visibility": "public", "language": None,
                "uri": f"https://{p.author.host}/users/{p.author.handle}/statuses/{p.remote_id if p.author.host != MASTODON_HOST else p.id}/activity",
                "url": None, "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "content": "",
                "reblog": m_status(w, p.parent, depth + 1), "account": m_account(p.author),
                "media_attachments": [], "mentions": [], "tags": []}
    c = w.counts[id(p)]
    tags, seen = [], set()
    for t in p.hashtags():
        if t.lower() not in seen:
            seen.add(t.lower())
            tags.append({"name": t.lower(), "url": f"https://{MASTODON_HOST}/tags/{t.lower()}"})
    d = {"id": p.id, "created_at": iso(p.t),
         "in_reply_to_id": p.parent.id if p.kind == "reply" else None,
         "in_reply_to_account_id": p.parent.author.uid if p.kind == "reply" else None,
         "sensitive": False, "spoiler_text": "", "visibility": "public", "language": p.lang,
         "uri": uri, "url": url, "replies_count": c["reply"], "reblogs_count": c["repost"],
         "favourites_count": c["like"], "content": m_content(p), "reblog": None, "account": m_account(p.author),
         "media_attachments": [],
         "mentions": [{"id": a.uid, "username": a.handle, "acct": m_acct(a), "url": m_url(a)} for a in p.mentions()],
         "tags": tags}
    if p.kind == "quote":
        if p.quote_state != "accepted":
            d["quote"] = {"state": p.quote_state, "quoted_status": None}
        elif depth == 0:
            d["quote"] = {"state": "accepted", "quoted_status": m_status(w, p.parent, depth + 1)}
        else:
            d["quote"] = {"state": "accepted", "quoted_status_id": p.parent.id}
    return d


def write_mastodon(w, path):
    posts = sorted(w.posts, key=lambda p: int(p.id), reverse=True)  # as a timeline is served
    path.write_text("".join(dumps(m_status(w, p)) + "\n" for p in posts), encoding="utf-8")


# --- CSV export ----------------------------------------------------------------

CSV_COLUMNS = ["post_id", "author", "created_at", "text", "reply_to", "quote_of", "repost_of", "mentions",
               "hashtags", "author_name", "author_bio", "followers", "likes", "reposts", "replies"]


def write_csv(w, path):
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(CSV_COLUMNS)
    for p in w.posts:
        a = p.author
        src = p.parent if p.kind == "repost" else p
        text = plain(src.segs)
        mentions = [m.handle for m in src.mentions()]
        if p.kind == "repost":
            text = f"RT @{src.author.handle}: {text}"
            mentions = [src.author.handle] + [m for m in mentions if m != src.author.handle]
        c = w.counts[id(p)]
        wr.writerow([p.id, a.handle, p.t.strftime("%Y-%m-%dT%H:%M:%SZ"), text,
                     p.parent.author.handle if p.kind == "reply" else "",
                     p.parent.author.handle if p.kind == "quote" else "",
                     p.parent.author.handle if p.kind == "repost" else "",
                     " ".join(mentions), " ".join(src.hashtags()), a.name, a.bio, a.followers,
                     c["like"], c["repost"], c["reply"]])
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_topics(path):
    lines = ["# Topics for the synthetic sample in data/sample/ (see data/README.md).",
             "# Hashtags without '#', matched case-insensitively; keywords matched",
             "# case-insensitively on word boundaries, phrases allowed.", ""]
    for name, spec in TOPICS.items():
        key = f'"{name}"' if not re.fullmatch(r"[A-Za-z0-9_]+", name) else name
        lines.append(f"# {TOPIC_TITLES[name]}")
        lines.append(f"[topics.{key}]")
        for field in ("hashtags", "keywords"):
            vals = ", ".join(json.dumps(v) for v in spec[field])
            lines.append(f"{field} = [{vals}]")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------
# Ground truth summary (from the model, with dolgraph's edge semantics)
# ---------------------------------------------------------------------------

def engagement_summary(w):
    """Per target account: distinct sources and counts by kind (self-interactions dropped)."""
    src = defaultdict(set)
    kinds = defaultdict(Counter)
    for p in w.posts:
        reached = set()
        if p.parent is not None and not (p.kind == "quote" and p.quote_state != "accepted"):
            tgt = p.parent.author
            reached.add(tgt.key)
            if tgt is not p.author:
                src[tgt.key].add(p.author.key)
                kinds[tgt.key][p.kind] += 1
        if p.kind != "repost":
            for m in p.mentions():
                if m.key in reached or m is p.author:
                    continue
                src[m.key].add(p.author.key)
                kinds[m.key]["mention"] += 1
    return src, kinds


# ---------------------------------------------------------------------------
# Validation: read the files back
# ---------------------------------------------------------------------------

class Check:
    def __init__(self):
        self.failures = []

    def __call__(self, cond, msg):
        if not cond:
            self.failures.append(msg)


def validate_x(path, check):
    ids, dup, kinds, authors, referenced_users = set(), 0, Counter(), set(), set()
    missing_refs = 0
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        page = json.loads(line)
        users = {u["id"]: u for u in page["includes"]["users"]}
        for u in users.values():
            check(re.fullmatch(r"[A-Za-z0-9_]{1,15}", u["username"]) is not None, f"x user {u['username']}: bad handle")
        inc = {t["id"]: t for t in page["includes"]["tweets"]}
        err_ids = {e["resource_id"] for e in page.get("errors", [])}
        check(page["meta"]["result_count"] == len(page["data"]), f"x line {ln}: result_count")
        for t in page["data"]:
            if t["id"] in ids:
                dup += 1
                continue
            ids.add(t["id"])
            authors.add(t["author_id"])
            check(t["author_id"] in users, f"x {t['id']}: author not in includes")
            check(len(t["text"]) <= 280, f"x {t['id']}: text too long")
            check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", t["created_at"]) is not None, "x created_at")
            ent = t.get("entities", {})
            for m in ent.get("mentions", []):
                check(t["text"][m["start"]:m["end"]] == "@" + m["username"], f"x {t['id']}: mention offsets")
                check(m["id"] in users and users[m["id"]]["username"] == m["username"], f"x {t['id']}: mention user")
                referenced_users.add(m["id"])
            for hh in ent.get("hashtags", []):
                check(t["text"][hh["start"]:hh["end"]] == "#" + hh["tag"], f"x {t['id']}: hashtag offsets")
            for u in ent.get("urls", []):
                check(t["text"][u["start"]:u["end"]] == u["url"], f"x {t['id']}: url offsets")
            if "in_reply_to_user_id" in t:
                check(t["in_reply_to_user_id"] in users, f"x {t['id']}: replied-to user not in includes")
                referenced_users.add(t["in_reply_to_user_id"])
            refs = t.get("referenced_tweets", [])
            kind = refs[0]["type"] if refs else "original"
            kinds[kind] += 1
            for r in refs:
                if r["id"] in inc:
                    check(inc[r["id"]]["author_id"] in users, f"x {t['id']}: referenced author not in includes")
                    referenced_users.add(inc[r["id"]]["author_id"])
                    if r["type"] == "replied_to":
                        check(inc[r["id"]]["author_id"] == t["in_reply_to_user_id"], "x reply author mismatch")
                    if r["type"] == "retweeted":
                        au = users[inc[r["id"]]["author_id"]]["username"]
                        check(t["text"].startswith(f"RT @{au}: "), f"x {t['id']}: RT text")
                        check(len(t["text"]) <= 140, f"x {t['id']}: RT text not truncated")
                else:
                    check(r["id"] in err_ids and r["type"] == "replied_to", f"x {t['id']}: unexplained missing ref")
                    missing_refs += 1
    return dict(unique=len(ids), duplicates=dup, kinds=kinds, authors=len(authors),
                referenced_only=len(referenced_users - authors), missing_refs=missing_refs)


def validate_mastodon(path, check):
    ids, kinds, accts, in_file, reply_targets = set(), Counter(), set(), set(), []
    ref_accts = set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        s = json.loads(line)
        in_file.add(s["id"])
    for ln, line in enumerate(lines, 1):
        s = json.loads(line)
        check(s["id"] not in ids, f"mastodon line {ln}: duplicate id")
        ids.add(s["id"])
        a = s["account"]
        accts.add(a["acct"])
        check(re.fullmatch(r"[a-z0-9_]+(@[a-z0-9.-]+\.example)?", a["acct"]) is not None, f"mastodon acct {a['acct']}")
        check(("@" in a["acct"]) == (not a["url"].startswith(f"https://{MASTODON_HOST}/")), f"mastodon {s['id']}: acct/url")
        if s["reblog"]:
            kinds["reblog"] += 1
            check(s["content"] == "" and s["mentions"] == [], f"mastodon {s['id']}: reblog wrapper")
            check(s["reblog"]["id"] in in_file, f"mastodon {s['id']}: reblogged status not in file")
            ref_accts.add(s["reblog"]["account"]["acct"])
            continue
        if s.get("quote"):
            kinds["quote" if s["quote"]["state"] == "accepted" else "quote (" + s["quote"]["state"] + ")"] += 1
            if s["quote"]["state"] == "accepted":
                ref_accts.add(s["quote"]["quoted_status"]["account"]["acct"])
        elif s["in_reply_to_id"]:
            kinds["reply"] += 1
            check(s["in_reply_to_account_id"] is not None, f"mastodon {s['id']}: reply account")
            reply_targets.append(s["in_reply_to_id"])
        else:
            kinds["original"] += 1
        for m in s["mentions"]:
            check(f'@<span>{m["username"]}</span>' in s["content"], f"mastodon {s['id']}: mention not in content")
            ref_accts.add(m["acct"])
        for t in s["tags"]:
            check(f'/tags/{t["name"]}"' in s["content"], f"mastodon {s['id']}: tag not in content")
        check(s["content"].startswith("<p>"), f"mastodon {s['id']}: content")
    outside = sum(1 for r in reply_targets if r not in in_file)
    return dict(unique=len(ids), kinds=kinds, authors=len(accts), referenced_only=len(ref_accts - accts),
                replies_outside=outside)


def validate_csv(path, check):
    raw = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    check(list(rows[0].keys()) == CSV_COLUMNS, "csv header")
    ids, kinds, authors, refd = set(), Counter(), set(), set()
    multiline = 0
    for r in rows:
        check(r["post_id"] not in ids, f"csv {r['post_id']}: duplicate id")
        ids.add(r["post_id"])
        authors.add(r["author"])
        multiline += "\n" in r["text"]
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["created_at"]) is not None, "csv created_at")
        k = "reply" if r["reply_to"] else "quote" if r["quote_of"] else "repost" if r["repost_of"] else "original"
        kinds[k] += 1
        for col in ("reply_to", "quote_of", "repost_of"):
            if r[col]:
                refd.add(r[col])
                check(not r[col].startswith("@"), "csv handle with @")
        for m in r["mentions"].split():
            check("@" + m in r["text"], f"csv {r['post_id']}: mention {m} not in text")
            refd.add(m)
        for t in r["hashtags"].split():
            check("#" + t in r["text"], f"csv {r['post_id']}: hashtag {t} not in text")
        if r["repost_of"]:
            check(r["text"].startswith(f"RT @{r['repost_of']}: "), "csv RT text")
    check(multiline >= 1, "csv: no text with a newline")
    check(any('"' in r["text"] for r in rows) and any("," in r["text"] for r in rows), "csv: quoting not exercised")
    return dict(unique=len(ids), kinds=kinds, authors=len(authors), referenced_only=len(refd - authors),
                multiline_texts=multiline)


# ---------------------------------------------------------------------------

def main():
    SAMPLE.mkdir(parents=True, exist_ok=True)
    namer = Namer(random.Random(SEED))
    worlds = [build_world(cfg, SEED, namer) for cfg in (X_CFG, M_CFG, C_CFG)]
    wx, wm, wc = worlds
    write_x(wx, SAMPLE / "x-v2.jsonl")
    write_mastodon(wm, SAMPLE / "mastodon.jsonl")
    write_csv(wc, SAMPLE / "listening-export.csv")
    write_topics(TOPICS_FILE)

    check = Check()
    results = {
        "x-v2.jsonl": validate_x(SAMPLE / "x-v2.jsonl", check),
        "mastodon.jsonl": validate_mastodon(SAMPLE / "mastodon.jsonl", check),
        "listening-export.csv": validate_csv(SAMPLE / "listening-export.csv", check),
    }
    total = 0
    for (fname, res), w in zip(results.items(), worlds):
        size = (SAMPLE / fname).stat().st_size
        total += size
        print(f"{fname}: {size:,} bytes, {res['unique']} posts, {res['authors']} authors, "
              f"{res['referenced_only']} referenced-only accounts")
        print("  kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(res["kinds"].items())))
        extra = {k: v for k, v in res.items() if k not in ("unique", "kinds", "authors", "referenced_only")}
        if extra:
            print("  " + ", ".join(f"{k} {v}" for k, v in extra.items()))
        src, kinds = engagement_summary(w)
        ranked = sorted(w.accounts, key=lambda a: (-len(src[a.key]), a.key))
        print("  most distinct engagers (accounts: distinct sources / reply quote repost mention):")
        for a in ranked[:12]:
            k = kinds[a.key]
            print(f"    {m_acct(a) if w.name == 'mastodon' else a.handle:40s} {a.role:5s} {len(src[a.key]):3d} / "
                  f"{k['reply']} {k['quote']} {k['repost']} {k['mention']}  posts {a.total_posts}")
        for a in [w.spammer] + w.pod:
            k = kinds[a.key]
            print(f"    {m_acct(a) if w.name == 'mastodon' else a.handle:40s} {a.role:5s} {len(src[a.key]):3d} / "
                  f"{k['reply']} {k['quote']} {k['repost']} {k['mention']}  posts {a.total_posts}")
    print(f"topics.toml: {len(TOPICS)} topics; total sample size {total:,} bytes")
    if check.failures:
        print(f"{len(check.failures)} CHECK FAILURES:", file=sys.stderr)
        for f in check.failures[:30]:
            print("  " + f, file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
