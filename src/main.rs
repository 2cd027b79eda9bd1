use clap::Parser;

/// The allocator: mimalloc. A build makes and frees many small strings and maps on several
/// threads at once (page data, Tera values, the search index's words); the system allocator
/// spent about a sixth of a build's processor time in `malloc`/`free` (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    roadmap::memory::at_start();
    let cli = roadmap::cli::Cli::parse();
    std::process::exit(roadmap::cli::run(cli));
}
