//! The glossary's size: the same articles built with 20 entries and with 5,000.

use crate::compare::{Tools, rebuild};
use crate::corpus::{Corpus, NEWSROOM, Spec, generate};
use crate::floors::files_and_bytes;
use crate::made;
use crate::report::ms;
use crate::timing::{Series, Tool, repeat, take_turns};

impl Tools {
    /// explainer rebuilding two sites, taking turns (see [`Tools::compare`]).
    fn pair(&self, a: &Corpus, b: &Corpus, rounds: usize) -> (Series, Series) {
        let build = |name: &'static str, corpus: &Corpus| {
            let (root, out) = (corpus.root.clone(), self.dir.join(format!("out-{name}")));
            Tool::new(
                format!("explainer, {name}"),
                &corpus.root.join("content"),
                move || rebuild(&self.explainer, &root, &out),
            )
        };
        let mut tools = [build("g20", a), build("g5000", b)];
        let mut series = take_turns(&mut tools, rounds);
        let b = series.remove(1);
        (series.remove(0), b)
    }

    /// The same `n` article files rebuilt with a glossary of 20 entries and with one of
    /// 5,000, and the file system alone making the extra entry pages. Returns the ratio,
    /// or why there is none.
    pub(crate) fn glossary_size(&self, n: usize, rounds: usize) -> Result<f64, String> {
        // The same article files both times: only glossary.yaml differs.
        let same_articles = Spec {
            articles: n,
            org_speakers: true,
            ..NEWSROOM
        };
        let g20 = generate(
            &self.dir.join(format!("site-g20-{n}")),
            Spec {
                people_in_glossary: false,
                ..same_articles
            },
        );
        let g5k = generate(
            &self.dir.join(format!("site-g5000-{n}")),
            Spec {
                synthetic: 5000 - 20 - NEWSROOM.people,
                ..same_articles
            },
        );
        let (g20_t, g5k_t) = self.pair(&g20, &g5k, rounds);
        // What the 4,980 extra entry pages cost the file system alone (their average size).
        let extra = 5000 - 20;
        let glossary_bytes =
            files_and_bytes(&self.dir.join("out-g5000/glossary")).map_or(0, |(_, bytes)| bytes);
        let pages_out = made(&self.dir.join("pages-floor"));
        let pages_floor = repeat(
            "the file system alone",
            rounds,
            self.pages_floor(&pages_out, extra, glossary_bytes * extra / 5001),
        );
        let ratio = g5k_t.ratio_to(&g20_t);
        if let (Some(a), Some(b), Ok(r)) = (g20_t.median(), g5k_t.median(), &ratio) {
            println!(
                "## Glossary size, {n} articles (rebuilds): 20 entries {} · 5,000 entries {} · ratio {r:.2}×",
                ms(a.wall),
                ms(b.wall),
            );
            if let Some(f) = pages_floor.median() {
                println!(
                    "floor: the file system alone making {extra} entry folders and pages: {} (so at best {:.2}×)",
                    ms(f.wall),
                    (a.wall + f.wall).as_secs_f64() / a.wall.as_secs_f64()
                );
            }
        }
        // Size alone: articles that name no one, so the 4,980 extra entries are never
        // mentioned and add only their pages, the glossary index and a larger automaton.
        let unnamed = Spec {
            people: 0,
            ..same_articles
        };
        let plain20 = generate(&self.dir.join(format!("site-g20-plain-{n}")), unnamed);
        let plain5k = generate(
            &self.dir.join(format!("site-g5000-plain-{n}")),
            Spec {
                synthetic: 5000 - 20,
                ..unnamed
            },
        );
        let (plain20_t, plain5k_t) = self.pair(&plain20, &plain5k, rounds);
        if let (Some(a), Some(b), Ok(r)) = (
            plain20_t.median(),
            plain5k_t.median(),
            plain5k_t.ratio_to(&plain20_t),
        ) {
            println!(
                "size alone (articles name no one; the extra entries are never mentioned): 20 entries {} · 5,000 entries {} · ratio {r:.2}×",
                ms(a.wall),
                ms(b.wall),
            );
        }
        println!();
        ratio
    }
}
