//! What `explainer check` adds to a build: the copy desk's lints (`lint`), and the link
//! check (`links`) over the ids of every page the build made (`targets`).

pub(crate) mod links;
pub(crate) mod lint;
mod targets;

pub(crate) use targets::LinkTargets;
