//! `cablescope serve`: the reading room over the archive (see
//! `cablescope-server`).

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use cablescope_server::{Config, serve};

/// The admin token: from `file` when given, else `$CABLESCOPE_ADMIN_TOKEN`.
fn admin_token(file: Option<&Path>) -> Result<Option<String>, String> {
    if let Some(f) = file {
        let t = std::fs::read_to_string(f)
            .map_err(|e| format!("admin token file {}: {e}", f.display()))?;
        let t = t.trim().to_string();
        if t.len() < 16 {
            return Err(format!(
                "admin token file {}: the token must be at least 16 characters",
                f.display()
            ));
        }
        return Ok(Some(t));
    }
    match std::env::var("CABLESCOPE_ADMIN_TOKEN") {
        Ok(t) if t.trim().is_empty() => Ok(None),
        Ok(t) if t.trim().len() < 16 => {
            Err("CABLESCOPE_ADMIN_TOKEN: the token must be at least 16 characters".into())
        }
        Ok(t) => Ok(Some(t.trim().to_string())),
        Err(_) => Ok(None),
    }
}

/// Serve `data` on `addr` until Ctrl-C.
pub fn run(data: &Path, addr: SocketAddr, token_file: Option<&Path>) -> ExitCode {
    let admin_token = match admin_token(token_file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cablescope: {e}");
            return ExitCode::from(2);
        }
    };
    let writable = admin_token.is_some();
    let config = Config {
        addr,
        admin_token,
        ..Config::new(data.to_path_buf())
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cablescope: cannot start the server runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(serve(config, |url| {
        println!(
            "cablescope: serving the archive in {} {}",
            data.display(),
            if writable {
                "(admin endpoints enabled)"
            } else {
                "(read-only)"
            }
        );
        println!("Open {url} in your browser (Ctrl-C stops the server).");
    }));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ cablescope_server::ServeError::Bind { .. }) => {
            eprintln!(
                "cablescope: {e}\n  (is another server using it? pick another address with --addr 127.0.0.1:PORT)"
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("cablescope: {e}");
            ExitCode::FAILURE
        }
    }
}
