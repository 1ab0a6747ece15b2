//! `explainer serve`'s live reload in a real browser: an edit reloads the open page, an
//! error shows over it, and the tabs of one browser share one poll.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use headless_chrome::{Browser, Tab};
use serde_json::Value;

use super::*;

#[test]
fn serve_reloads_the_open_page_and_shows_errors_over_it() {
    let Some(path) = tools::chromium("browser live reload") else {
        return;
    };
    let site = Site::new().article("a", "", "First version.");
    let server = super::serve::start(&site, &[]);
    let url = server.url.clone();
    let browser = launch(path);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{url}a/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert!(text(&tab).contains("First version."));
    site.write(
        "content/a.md",
        format!("{}Second version.", fm("")).as_bytes(),
    );
    wait_until("the open page to reload", Duration::from_secs(10), || {
        text(&tab).contains("Second version.")
    });
    site.write(
        "content/a.md",
        format!("{}See [x](term:nope).", fm("")).as_bytes(),
    );
    wait_until("the error overlay", Duration::from_secs(10), || {
        text(&tab).contains("The site has errors")
    });
    assert!(text(&tab).contains("term:nope"));
    site.write("content/a.md", format!("{}Fixed.", fm("")).as_bytes());
    wait_until(
        "the page to recover after the fix",
        Duration::from_secs(10),
        || text(&tab).contains("Fixed.") && !text(&tab).contains("The site has errors"),
    );
}

/// The value of a JavaScript expression in the tab (a string, number or boolean), or null
/// while the tab has no page to ask (between two pages).
fn value(tab: &Tab, expr: &str) -> Value {
    tab.evaluate(expr, false)
        .ok()
        .and_then(|r| r.value)
        .unwrap_or(Value::Null)
}

fn text(tab: &Tab) -> String {
    value(tab, "document.body.innerText")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Run in every page a tab opens, before the page's own scripts: counts the live-reload
/// polls the page has sent (`window.sent`) and has in flight (`window.polls`, sent or
/// still queued for a connection).
const COUNT_POLLS: &str = "window.polls = 0; window.sent = 0; (function (fetch) { window.fetch = function (url) { var poll = String(url).indexOf('__explainer/poll') >= 0; var answer = fetch.apply(this, arguments); if (poll) { window.sent++; window.polls++; answer.then(done, done); } return answer; }; function done() { window.polls--; } })(window.fetch);";

/// A new tab whose pages count their polls.
fn counting_tab(browser: &Browser) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: COUNT_POLLS.into(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
    tab
}

/// The polls each tab's page has in flight.
fn polls(tabs: &[(Arc<Tab>, String)]) -> Vec<u64> {
    tabs.iter()
        .map(|(tab, _)| value(tab, "window.polls").as_u64().unwrap_or(0))
        .collect()
}

/// The polls the tabs' pages have sent, all told.
fn sent(tabs: &[(Arc<Tab>, String)]) -> u64 {
    tabs.iter()
        .map(|(tab, _)| value(tab, "window.sent").as_u64().unwrap_or(0))
        .sum()
}

/// Marks each tab's page, to tell whether it has been reloaded since.
fn mark(tabs: &[(Arc<Tab>, String)]) {
    for (tab, _) in tabs {
        value(tab, "window.stay = true");
    }
}

/// Sends the tab to `url` and waits for the page to load (its `load` event), failing past
/// `limit`. The page is asked from inside, so a navigation that waits for a
/// connection holds the browser, never the test.
fn load(what: &str, tab: &Tab, url: &str, limit: Duration) {
    value(tab, &format!("location.href = {}", json!(url)));
    let loaded = format!(
        "location.href === {} && document.readyState === 'complete'",
        json!(url)
    );
    wait_until(&format!("{what} to load {url}"), limit, || {
        value(tab, &loaded) == json!(true)
    });
}

/// Waits until every tab has loaded a new page (the [`mark`] is gone) showing its
/// article's text.
fn wait_for_reloads(what: &str, tabs: &[(Arc<Tab>, String)], expected: impl Fn(&str) -> String) {
    wait_until(what, Duration::from_secs(15), || {
        tabs.iter().all(|(tab, article)| {
            value(
                tab,
                "window.stay === undefined && document.readyState === 'complete'",
            ) == json!(true)
                && text(tab).contains(&expected(article))
        })
    });
}

#[test]
fn serve_keeps_one_poll_for_all_the_tabs_of_a_browser() {
    let Some(path) = tools::chromium("browser live reload in many tabs") else {
        return;
    };
    let mut site = Site::new();
    for i in 0..4 {
        site = site.article(&format!("a{i}"), "", &format!("Article a{i}, first."));
    }
    let server = super::serve::start(&site, &[]);
    let browser = launch(path);
    // A browser opens about six connections to one host: were each tab to hold one
    // waiting for the next build, the seventh tab would wait 20 s or longer to load.
    let limit = Duration::from_secs(8);
    let mut tabs = Vec::new();
    for i in 0..8 {
        let article = format!("a{}", i % 4);
        let tab = counting_tab(&browser);
        let what = format!("tab {} (with {i} tabs of the preview open)", i + 1);
        load(&what, &tab, &format!("{}{article}/", server.url), limit);
        tabs.push((tab, article));
    }
    wait_until(
        "the first tab to poll for all eight",
        Duration::from_secs(5),
        || polls(&tabs) == [1, 0, 0, 0, 0, 0, 0, 0],
    );
    // Another page of the preview, in a ninth tab, loads at once.
    let ninth = counting_tab(&browser);
    load("a ninth tab", &ninth, &server.url, limit);
    tabs.push((ninth, "home".into()));
    let first = |article: &str| match article {
        "home" => "A test".to_string(),
        _ => format!("Article {article}, first."),
    };

    // An edit reloads every tab (the one that polls too, and another takes over).
    mark(&tabs);
    site.write(
        "content/a1.md",
        format!("{}Article a1, second.", fm("")).as_bytes(),
    );
    let second = |article: &str| match article {
        "a1" => "Article a1, second.".to_string(),
        _ => first(article),
    };
    wait_for_reloads("every tab to reload after the edit", &tabs, second);
    wait_until(
        "one tab to poll for all nine",
        Duration::from_secs(5),
        || polls(&tabs).iter().sum::<u64>() == 1,
    );

    // An error shows over every page, told by the tab that polls.
    mark(&tabs);
    site.write(
        "content/a3.md",
        format!("{}See [x](term:nope).", fm("")).as_bytes(),
    );
    wait_until("the error over every tab", Duration::from_secs(10), || {
        tabs.iter()
            .all(|(tab, _)| text(tab).contains("The site has errors"))
    });
    assert!(
        tabs.iter()
            .all(|(tab, _)| value(tab, "window.stay") == json!(true)),
        "the error shows without a reload"
    );

    // The tab that polls closes: another takes over, and waits for the next build rather
    // than being told of the error again and again.
    let mut leader = None;
    wait_until("the tab that polls", Duration::from_secs(5), || {
        leader = polls(&tabs).iter().position(|&n| n == 1);
        leader.is_some()
    });
    let (tab, _) = tabs.remove(leader.unwrap());
    tab.close(true).unwrap();
    wait_until("another tab to take over", Duration::from_secs(5), || {
        polls(&tabs).iter().sum::<u64>() == 1
    });
    let before = sent(&tabs);
    thread::sleep(Duration::from_secs(1));
    assert_eq!(sent(&tabs), before, "the new poll waits for the next build");
    // A tab opened now shows the error too.
    let late = counting_tab(&browser);
    load(
        "a tab opened over the error",
        &late,
        &format!("{}a0/", server.url),
        limit,
    );
    assert!(text(&late).contains("The site has errors"));
    tabs.push((late, "a0".into()));

    // The fix reloads every tab left.
    mark(&tabs);
    site.write(
        "content/a3.md",
        format!("{}Article a3, second.", fm("")).as_bytes(),
    );
    let third = |article: &str| match article {
        "a3" => "Article a3, second.".to_string(),
        _ => second(article),
    };
    wait_for_reloads("the other tabs to reload after the fix", &tabs, third);
    assert!(
        tabs.iter()
            .all(|(tab, _)| !text(tab).contains("The site has errors"))
    );
}
