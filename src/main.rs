use clap::Parser;

fn main() {
    let cli = roadmap::cli::Cli::parse();
    std::process::exit(roadmap::cli::run(cli));
}
