//! Automation user agents: HTTP libraries, headless browsers and browser-automation frameworks.
//!
//! The base is the `isbot` crate's pattern list (a Rust port of the widely maintained
//! `omrilotan/isbot` list: crawlers, monitors, HTTP clients such as `curl`, `python-requests`,
//! `Go-http-client`, and `HeadlessChrome`, `PhantomJS`). Sekisho adds the browser-automation
//! frameworks that the list leaves out ([`AUTOMATION_PATTERNS`]) and drops the patterns that
//! merchants' own mobile apps legitimately send ([`APP_CLIENT_PATTERNS`]): a login from an
//! Android app built on OkHttp is a customer, not a bot.

use std::sync::LazyLock;

/// Added to the isbot list (lower case, regular expressions).
pub const AUTOMATION_PATTERNS: &[&str] = &[
    "selenium",
    "webdriver",
    "puppeteer",
    "playwright",
    "headless",
    "slimerjs",
    "nightmare",
    "zombie\\.js",
    "htmlunit",
    "python/",
    "libcurl",
    "java-http-client",
    "node\\.js",
    "undici",
    "got \\(",
    "perl/",
    "powershell/",
];

/// Removed from the isbot list: HTTP stacks of genuine mobile apps.
pub const APP_CLIENT_PATTERNS: &[&str] = &["okhttp"];

/// The compiled list. Building it compiles one large regular expression, so it is built once
/// per process.
pub struct AutomationUserAgents {
    bots: isbot::Bots,
}

impl std::fmt::Debug for AutomationUserAgents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AutomationUserAgents")
    }
}

impl Default for AutomationUserAgents {
    fn default() -> Self {
        let mut bots = isbot::Bots::default();
        bots.remove(APP_CLIENT_PATTERNS);
        bots.append(AUTOMATION_PATTERNS);
        Self { bots }
    }
}

impl AutomationUserAgents {
    /// The process-wide list.
    pub fn shared() -> &'static AutomationUserAgents {
        static SHARED: LazyLock<AutomationUserAgents> =
            LazyLock::new(AutomationUserAgents::default);
        &SHARED
    }

    /// Whether the user agent names an automation tool. An empty one is not judged here (a
    /// missing user agent is the caller's decision).
    pub fn is_automation(&self, user_agent: &str) -> bool {
        let user_agent = user_agent.trim();
        !user_agent.is_empty() && self.bots.is_bot(user_agent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automation_tools_are_recognised() {
        let list = AutomationUserAgents::shared();
        for agent in [
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36",
            "python-requests/2.31.0",
            "curl/8.4.0",
            "Go-http-client/1.1",
            "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
            "Mozilla/5.0 (Windows NT 10.0) Selenium/4.15",
            "Mozilla/5.0 puppeteer",
            "Mozilla/5.0 (X11; Linux x86_64) Playwright/1.40",
            "Wget/1.21",
            "Scrapy/2.11 (+https://scrapy.org)",
            "axios/1.6.2",
            "node-fetch/1.0",
            "Python-urllib/3.11",
            "aiohttp/3.9",
        ] {
            assert!(list.is_automation(agent), "{agent}");
        }
    }

    #[test]
    fn browsers_and_apps_are_not() {
        let list = AutomationUserAgents::shared();
        for agent in [
            "",
            "   ",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:120.0) Gecko/20100101 Firefox/120.0",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; SO-51C Build/64.1.C.0.258; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0 Mobile Safari/537.36 Line/13.19.0",
            "okhttp/4.12.0",
            "ShopApp/3.2 (iPhone; iOS 17.1) CFNetwork/1474 Darwin/23.1.0",
        ] {
            assert!(!list.is_automation(agent), "{agent}");
        }
    }
}
