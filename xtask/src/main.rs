mod web;

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let root = workspace_root();
    match std::env::args().nth(1).as_deref() {
        Some("web") => {
            let dist = web::build_web(&root)?;
            println!("web UI built in {}", dist.display());
            Ok(())
        }
        None | Some("help") => {
            println!("cargo xtask web    build the web UI into dist/");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`; try `cargo xtask help`"),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}
