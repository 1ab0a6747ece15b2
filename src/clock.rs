//! The build's "now", from one place: the `SOURCE_DATE_EPOCH` environment variable when it
//! is set (the reproducible-builds convention: seconds since 1970, so the same sources
//! build the same site on any day), else the system clock. Scheduling (`date` in the
//! future, `expires`) compares against it.

/// Seconds since 1970 (UTC) the build takes as now, or what is wrong with
/// `SOURCE_DATE_EPOCH`.
pub(crate) fn now() -> Result<i64, String> {
    from(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

/// [`now`] with `SOURCE_DATE_EPOCH` set to `epoch` (or not set).
fn from(epoch: Option<&str>) -> Result<i64, String> {
    match epoch.map(str::trim) {
        Some(text) => text.parse::<i64>().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{text}`, not a number of seconds since 1970")
        }),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_is_now_when_set() {
        assert_eq!(from(Some("1700000000")), Ok(1_700_000_000));
        assert_eq!(from(Some(" 0\n")), Ok(0));
    }

    #[test]
    fn a_bad_source_date_epoch_is_an_error() {
        let e = from(Some("yesterday")).unwrap_err();
        assert!(e.contains("`yesterday`"), "{e}");
    }

    #[test]
    fn without_it_now_is_the_clock() {
        // After 2024-01-01 on any machine that runs this.
        assert!(from(None).unwrap() > 1_704_067_200);
    }
}
