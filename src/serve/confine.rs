//! A file backend for tower-http's `ServeDir` that opens only regular paths below the served
//! folder and refuses every path that passes through a symbolic link there.
//!
//! `ServeDir` already decodes the request path and refuses `..`, absolute paths and
//! drive prefixes; it then opens what it built with `tokio::fs`, which follows symbolic links.
//! The build never writes links (it writes the bytes it read), but anything else that put one
//! into the served folder would make it an exit. This backend closes it: it receives the path
//! `ServeDir` built, checks each component below the root with `symlink_metadata`, and answers
//! "not found" for anything else.

use std::future::Future;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use tower_http::services::fs::{Backend, TokioBackend, TokioFile};

type Boxed<T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send>>;

/// Serves files below `root` only, never through a symbolic link.
#[derive(Clone, Debug)]
pub struct Confined {
    root: Arc<Path>,
}

impl Confined {
    /// A backend confined to `root`.
    pub fn new(root: &Path) -> Confined {
        Confined { root: root.into() }
    }

    async fn checked(&self, path: PathBuf) -> io::Result<PathBuf> {
        let root = Arc::clone(&self.root);
        tokio::task::spawn_blocking(move || check(&root, path))
            .await
            .map_err(io::Error::other)?
    }
}

impl Backend for Confined {
    type File = TokioFile;
    type Metadata = std::fs::Metadata;
    type OpenFuture = Boxed<TokioFile>;
    type MetadataFuture = Boxed<std::fs::Metadata>;

    fn open(&self, path: PathBuf) -> Self::OpenFuture {
        let this = self.clone();
        Box::pin(async move { TokioBackend.open(this.checked(path).await?).await })
    }

    fn metadata(&self, path: PathBuf) -> Self::MetadataFuture {
        let this = self.clone();
        Box::pin(async move { TokioBackend.metadata(this.checked(path).await?).await })
    }
}

/// `path` when it lies below `root` through plain folders and ends in no symbolic link.
pub fn check(root: &Path, path: PathBuf) -> io::Result<PathBuf> {
    let refused = || io::Error::new(io::ErrorKind::NotFound, "outside the served folder");
    let rel = path.strip_prefix(root).map_err(|_| refused())?;
    let mut at = root.to_path_buf();
    for c in rel.components() {
        let Component::Normal(name) = c else {
            return Err(refused());
        };
        at.push(name);
        // A name the system cannot look up (longer than it allows, say) is no page either:
        // not found, not a server fault.
        let meta = std::fs::symlink_metadata(&at).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => e,
            _ => io::Error::new(io::ErrorKind::NotFound, e),
        })?;
        if meta.file_type().is_symlink() {
            return Err(refused());
        }
    }
    Ok(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn refuses_links_and_paths_outside() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/page.html"), "p").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("a/s.txt")).unwrap();
        assert!(check(root, root.join("a/page.html")).is_ok());
        assert!(check(root, root.to_path_buf()).is_ok());
        for bad in [
            root.join("out/secret"),
            root.join("a/s.txt"),
            root.join("a/../out/secret"),
            outside.path().join("secret"),
            // Longer than a file name may be (ENAMETOOLONG): not found, not a failure.
            root.join("a".repeat(300)),
        ] {
            let err = check(root, bad.clone()).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::NotFound, "{}", bad.display());
        }
    }
}
