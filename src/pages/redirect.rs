//! Old URLs of articles (`aliases`): a small redirect page at each, and the `_redirects`
//! file hosts such as Netlify and Cloudflare Pages read, so a host that knows it answers
//! with a real `301` and one that does not still serves the page.

use crate::article::{Alias, Article};
use crate::content::SiteConfig;
use crate::html::{escape, script_json};
use crate::urls;

/// The redirect page of one of the article's aliases. Its links are relative to where the
/// page stands, so it works from disk and under any sub-path; the canonical link is
/// absolute when the site has a `base_url`. The script keeps the URL's `#fragment`, which
/// a refresh drops.
pub(crate) fn page(config: &SiteConfig, a: &Article, alias: &Alias) -> String {
    let target = urls::article_href(&urls::root_of(&alias.page), &a.url_path, None);
    let canonical =
        urls::absolute(config.base_url.as_deref(), &a.url_path).unwrap_or_else(|| target.clone());
    let (target, title) = (escape(&target), escape(&a.title));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Moved: {title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n\
         <script>location.replace({script} + location.hash);</script>\n</head>\n<body>\n\
         <main>\n<p>This article has moved to <a href=\"{target}\">{title}</a>.</p>\n</main>\n\
         </body>\n</html>\n",
        lang = escape(&config.language),
        canonical = escape(&canonical),
        script = script_json(&urls::article_href(
            &urls::root_of(&alias.page),
            &a.url_path,
            None
        )),
    )
}

/// The `_redirects` rules of every alias, sorted by old path, each from the host's root
/// (under `base_url`'s path when it has one); None when no article has an alias.
pub(crate) fn rules(config: &SiteConfig, articles: &[Article]) -> Option<String> {
    let base = urls::base_path(config.base_url.as_deref());
    let mut rules: Vec<String> = articles
        .iter()
        .flat_map(|a| {
            a.aliases.iter().map(|alias| {
                urls::redirect_rule(&base, urls::alias_url_path(&alias.page), &a.url_path)
            })
        })
        .collect();
    if rules.is_empty() {
        return None;
    }
    rules.sort();
    Some(rules.concat())
}
