//! Account interning: dense `u32` ids in first-seen order, so ids (and
//! every output ordered by them) depend only on the input order. The hash
//! map serves lookups only; nothing iterates it.

use rustc_hash::FxHashMap;

use crate::ingest::{Account, AccountRef, Platform};

/// What the graph keeps per account.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountInfo {
    pub id: String,
    pub handle: Option<String>,
    pub name: Option<String>,
    pub bio: Option<String>,
    pub followers: Option<u64>,
    /// Posts authored (after de-duplication), reposts included.
    pub posts: u64,
    /// The platform of the input the account was first seen in.
    pub platform: Platform,
    /// The id and handle are pseudonyms (`--pseudonymize`): no profile
    /// page, whatever the platform's rule would make of them.
    pub pseudonym: bool,
}

impl AccountInfo {
    /// Escapes what no output should show raw (see [`crate::visible`]): ids
    /// and handles injectively, so accounts stay distinct everywhere;
    /// names and bios as prose. Done once, when the graph is built, so
    /// every table, graph file, picture and page gets the same text.
    pub fn make_visible(&mut self) {
        use crate::visible::{self, apply};
        self.id = apply(std::mem::take(&mut self.id), visible::id);
        for (field, form) in [
            (&mut self.handle, visible::id as visible::Form),
            (&mut self.name, visible::text),
            (&mut self.bio, visible::text),
        ] {
            *field = field.take().map(|s| apply(s, form));
        }
    }

    /// Overwrites with every field the account record knows: the latest
    /// record in input order describes the account.
    pub fn update(&mut self, a: &Account) {
        if a.handle.is_some() {
            self.handle.clone_from(&a.handle);
        }
        if a.name.is_some() {
            self.name.clone_from(&a.name);
        }
        if a.bio.is_some() {
            self.bio.clone_from(&a.bio);
        }
        if a.followers.is_some() {
            self.followers = a.followers;
        }
    }
}

impl AccountInfo {
    /// The profile page a person opens: `https://x.com/<handle>` (or the
    /// id form without a handle), `https://bsky.app/profile/<did>`,
    /// `https://<host>/@<user>` for a Mastodon `user@host`; `None` where
    /// there is none to make. Made when written, not kept (a string per
    /// account, which the graph would hold through the whole run). A value
    /// a link cannot hold gives no link: only letters, digits and `_.-:`
    /// make one, which the escaping of ids and handles
    /// ([`Self::make_visible`]) leaves as they are, and every other value
    /// stays another after escaping.
    pub fn url(&self) -> Option<String> {
        if self.pseudonym {
            return None;
        }
        let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-:".contains(&b));
        match self.platform {
            Platform::X => match self.handle.as_deref().filter(|h| plain(h)) {
                Some(h) => Some(format!("https://x.com/{h}")),
                None => plain(&self.id).then(|| format!("https://x.com/i/user/{}", self.id)),
            },
            Platform::Bluesky => (self.id.starts_with("did:") && plain(&self.id))
                .then(|| format!("https://bsky.app/profile/{}", self.id)),
            Platform::Mastodon => {
                let (user, host) = self.id.split_once('@')?;
                (plain(user) && plain(host) && host.contains('.')).then(|| format!("https://{host}/@{user}"))
            }
            Platform::Csv | Platform::Edge => None,
        }
    }
}

#[derive(Default)]
pub(super) struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    pub(super) accounts: Vec<AccountInfo>,
    /// Details of accounts not (yet) in the graph, from records that carry
    /// only account details; merged when the account first interacts.
    waiting: FxHashMap<Box<str>, Account>,
    /// The platform of the input being read: new accounts take it.
    pub(super) platform: Platform,
}

impl Interner {
    pub(super) fn lookup(&self, id: &str) -> Option<u32> {
        self.ids.get(id).copied()
    }

    /// The id of `r`, interning it if new. A reference fills in a missing
    /// handle only: the account's own records describe it better.
    pub(super) fn intern_ref(&mut self, r: &AccountRef) -> u32 {
        let i = self.intern(&r.id);
        let info = &mut self.accounts[i as usize];
        if info.handle.is_none() {
            info.handle.clone_from(&r.handle);
        }
        i
    }

    /// The id of an author, interning it if new, with its details updated.
    pub(super) fn intern_account(&mut self, a: &Account) -> u32 {
        let i = self.intern(&a.id);
        self.accounts[i as usize].update(a);
        i
    }

    /// Records account details; they join the graph only if the account does.
    pub(super) fn describe(&mut self, a: Account) {
        match self.ids.get(a.id.as_str()) {
            Some(&i) => self.accounts[i as usize].update(&a),
            None => match self.waiting.get_mut(a.id.as_str()) {
                Some(w) => {
                    let mut info = AccountInfo::default();
                    info.update(w);
                    info.update(&a);
                    w.handle = info.handle;
                    w.name = info.name;
                    w.bio = info.bio;
                    w.followers = info.followers;
                }
                None => {
                    self.waiting.insert(a.id.clone().into_boxed_str(), a);
                }
            },
        }
    }

    fn intern(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.ids.get(id) {
            return i;
        }
        let i = u32::try_from(self.accounts.len()).expect("invariant: fewer than 2^32 accounts");
        self.ids.insert(id.into(), i);
        let mut info = AccountInfo { id: id.to_string(), platform: self.platform, ..AccountInfo::default() };
        if let Some(w) = self.waiting.remove(id) {
            info.update(&w);
        }
        self.accounts.push(info);
        i
    }
}
