//! Label placement without pile-ups: labels are placed greedily in order
//! of importance; each tries a few positions around its node (right, left,
//! above, below, then diagonals) and takes the first whose box overlaps no
//! label placed before, no node drawn as an obstacle and stays inside the
//! drawing area; then the same positions farther out, with a leader line
//! to the node. A label that fits nowhere is tried again in its shorter
//! forms: each line may offer some (three handles, then two, then one),
//! then a label of several lines loses its last lines, and a one-line
//! label is cut short; a label that fits in none of them is dropped: a
//! picture with fewer labels beats an unreadable one.

use super::svg::Anchor;
use super::text;

/// An axis-aligned box: `[x0, y0, x1, y1]`.
pub type Box2 = [f32; 4];

fn overlaps(a: &Box2, b: &Box2) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// A label to place beside a node: one or more lines of text.
#[derive(Clone, Debug)]
pub struct Request {
    pub centre: [f32; 2],
    /// The node's radius: the label keeps clear of it.
    pub radius: f32,
    pub lines: Vec<Line>,
}

/// One line of a label, in the forms it may take, longest first.
#[derive(Clone, Debug)]
pub struct Line {
    pub forms: Vec<String>,
    pub size: f32,
    pub bold: bool,
}

impl Line {
    pub fn new(text: impl Into<String>, size: f32, bold: bool) -> Line {
        Line { forms: vec![text.into()], size, bold }
    }

    /// The line with these forms instead, longest first (none: unchanged).
    pub fn forms(mut self, forms: impl IntoIterator<Item = String>) -> Line {
        let forms: Vec<String> = forms.into_iter().collect();
        if !forms.is_empty() {
            self.forms = forms;
        }
        self
    }
}

/// Where a label went: each line's baseline position, with the anchor.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub anchor: Anchor,
    /// A line from the node to a label placed away from it.
    pub leader: Option<[[f32; 2]; 2]>,
    pub lines: Vec<([f32; 2], String, f32, bool)>,
}

/// Space between a node and its label, and around each label box.
const GAP: f32 = 4.0;
const PAD: f32 = 2.0;
/// Characters kept when a label is shortened.
const SHORT: usize = 14;

/// Places `requests` in order (most important first), avoiding each other,
/// `obstacles` (other nodes' boxes) and the outside of `area`.
pub fn place(requests: &[Request], obstacles: &[Box2], area: Box2) -> Vec<Option<Placed>> {
    let mut taken: Vec<Box2> = Vec::with_capacity(requests.len());
    let mut out = Vec::with_capacity(requests.len());
    for req in requests {
        let found = variants(&req.lines).iter().find_map(|lines| try_place(req, lines, &taken, obstacles, area));
        if let Some((placed, bx)) = found {
            taken.push(bx);
            out.push(Some(placed));
        } else {
            out.push(None);
        }
    }
    out
}

/// The label as (text, font size, bold) lines, then smaller forms of it to
/// try where it does not fit: with every line in its next shorter form,
/// then without its last line (the first, the name, always stays), and a
/// one-line label cut short.
fn variants(lines: &[Line]) -> Vec<Vec<(String, f32, bool)>> {
    let depth = lines.iter().map(|l| l.forms.len()).max().unwrap_or(0);
    let mut out: Vec<Vec<(String, f32, bool)>> = Vec::new();
    for keep in (1..=lines.len()).rev() {
        for level in 0..depth {
            let v: Vec<(String, f32, bool)> = lines[..keep]
                .iter()
                .filter_map(|l| {
                    let form = l.forms.get(level).or(l.forms.last())?;
                    Some((text::clean(form), l.size, l.bold))
                })
                .collect();
            if out.last() != Some(&v) {
                out.push(v);
            }
        }
    }
    if let [(t, s, b)] = out.last().map(Vec::as_slice).unwrap_or_default()
        && t.chars().count() > SHORT
    {
        let short = vec![(text::shorten(t, SHORT), *s, *b)];
        out.push(short);
    }
    out
}

fn try_place(
    req: &Request,
    lines: &[(String, f32, bool)],
    taken: &[Box2],
    obstacles: &[Box2],
    area: Box2,
) -> Option<(Placed, Box2)> {
    let w = lines.iter().map(|(t, s, b)| text::width(t, *s) * if *b { 1.08 } else { 1.0 }).fold(0.0f32, f32::max);
    let h: f32 = lines.iter().map(|(_, s, _)| s * 1.2).sum();
    let [cx, cy] = req.centre;
    let own: Box2 = [cx - req.radius, cy - req.radius, cx + req.radius, cy + req.radius];
    for extra in [0.0f32, 16.0, 40.0, 80.0] {
        let r = req.radius + GAP + extra;
        let d = r * std::f32::consts::FRAC_1_SQRT_2;
        // (anchor, box left, box top) for each candidate position.
        let candidates = [
            (Anchor::Start, cx + r, cy - h / 2.0),
            (Anchor::End, cx - r - w, cy - h / 2.0),
            (Anchor::Middle, cx - w / 2.0, cy - r - h),
            (Anchor::Middle, cx - w / 2.0, cy + r),
            (Anchor::Start, cx + d, cy - d - h),
            (Anchor::Start, cx + d, cy + d),
            (Anchor::End, cx - d - w, cy - d - h),
            (Anchor::End, cx - d - w, cy + d),
        ];
        for (anchor, x0, y0) in candidates {
            let bx: Box2 = [x0 - PAD, y0 - PAD, x0 + w + PAD, y0 + h + PAD];
            if bx[0] < area[0] || bx[1] < area[1] || bx[2] > area[2] || bx[3] > area[3] {
                continue;
            }
            if taken.iter().any(|t| overlaps(t, &bx)) || obstacles.iter().any(|o| *o != own && overlaps(o, &bx)) {
                continue;
            }
            let x = match anchor {
                Anchor::Start => x0,
                Anchor::Middle => x0 + w / 2.0,
                Anchor::End => x0 + w,
            };
            let mut y = y0;
            let placed_lines = lines
                .iter()
                .map(|(t, s, b)| {
                    y += s * 1.2;
                    // Baseline: about a fifth of the line height above its bottom.
                    ([x, y - s * 0.27], t.clone(), *s, *b)
                })
                .collect();
            // The leader runs from the node's rim to the nearest point of
            // the label's box.
            let leader = (extra > 0.0).then(|| {
                let (tx, ty) = (cx.clamp(x0, x0 + w), cy.clamp(y0, y0 + h));
                let (dx, dy) = (tx - cx, ty - cy);
                let len = (dx * dx + dy * dy).sqrt().max(1e-3);
                [[cx + dx / len * req.radius, cy + dy / len * req.radius], [tx, ty]]
            });
            return Some((Placed { anchor, leader, lines: placed_lines }, bx));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(x: f32, y: f32, t: &str) -> Request {
        Request { centre: [x, y], radius: 5.0, lines: vec![Line::new(t, 16.0, false)] }
    }

    fn boxes(p: &Placed) -> Box2 {
        let ([x, y], t, s, _) = &p.lines[0];
        let w = text::width(t, *s);
        let x0 = match p.anchor {
            Anchor::Start => *x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        };
        [x0, y - s, x0 + w, *y]
    }

    #[test]
    fn labels_never_overlap() {
        // Forty nodes piled into a small spot: many labels must give way.
        let reqs: Vec<Request> = (0..40)
            .map(|i| req(200.0 + (i % 7) as f32 * 6.0, 200.0 + (i / 7) as f32 * 6.0, "some_long_handle"))
            .collect();
        let placed = place(&reqs, &[], [0.0, 0.0, 600.0, 400.0]);
        let shown: Vec<Box2> = placed.iter().flatten().map(boxes).collect();
        assert!(shown.len() >= 4 && shown.len() < 40, "{}", shown.len());
        for (i, a) in shown.iter().enumerate() {
            for b in &shown[i + 1..] {
                assert!(!overlaps(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_lone_label_goes_right_of_its_node_and_inside_the_area() {
        let placed = place(&[req(100.0, 100.0, "dr_ana")], &[], [0.0, 0.0, 500.0, 500.0]);
        let p = placed[0].as_ref().expect("placed");
        assert_eq!(p.anchor, Anchor::Start);
        assert!(p.lines[0].0[0] > 105.0);
        // Near the right edge it flips to the left.
        let placed = place(&[req(490.0, 100.0, "dr_ana")], &[], [0.0, 0.0, 500.0, 500.0]);
        assert_eq!(placed[0].as_ref().expect("placed").anchor, Anchor::End);
    }

    #[test]
    fn a_label_too_wide_takes_its_shorter_forms_before_losing_lines() {
        let lines = vec![
            Line::new("6 · 52 accounts", 20.0, true),
            Line::new("", 17.0, false).forms(
                [
                    "a_rather_long_handle@instance.example, second@instance.example",
                    "a_rather_long_handle@instance.example",
                ]
                .map(String::from),
            ),
            Line::new("#vaccines", 16.0, false),
        ];
        let r = Request { centre: [40.0, 100.0], radius: 10.0, lines };
        let text = |area: Box2| {
            let p = place(std::slice::from_ref(&r), &[], area);
            p[0].as_ref().map(|p| p.lines.iter().map(|l| l.1.clone()).collect::<Vec<_>>())
        };
        // Room for everything: the longest forms.
        let wide = text([0.0, 0.0, 1000.0, 300.0]).expect("placed");
        assert_eq!(wide[1], "a_rather_long_handle@instance.example, second@instance.example");
        // Room for one handle: the shorter form, and the hashtag line kept.
        let narrow = text([0.0, 0.0, 420.0, 300.0]).expect("placed");
        assert_eq!(narrow, ["6 · 52 accounts", "a_rather_long_handle@instance.example", "#vaccines"]);
        // Room for the first line only.
        assert_eq!(text([0.0, 0.0, 250.0, 300.0]).expect("placed"), ["6 · 52 accounts"]);
    }
}
