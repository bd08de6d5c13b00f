// A Rust program (Debian rustc, --target wasm32-wasi): std's files,
// directories, arguments, environment and exit status over WASI.
use std::env;
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::process;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    println!("args: {:?}", args);
    let mut vars: Vec<(String, String)> = env::vars().collect();
    vars.sort();
    println!("vars: {:?}", vars);

    let dir = "/sandbox/rust";
    fs::create_dir(dir).expect("create_dir");
    let path = format!("{}/hello.txt", dir);
    {
        let mut f = fs::File::create(&path).expect("create");
        f.write_all(b"hello from rust\n").expect("write");
    }
    let mut f = fs::OpenOptions::new().read(true).write(true).open(&path).expect("open");
    f.seek(SeekFrom::Start(6)).expect("seek");
    let mut rest = String::new();
    f.read_to_string(&mut rest).expect("read");
    println!("from offset 6: {:?}", rest);
    println!("len: {}", fs::metadata(&path).expect("metadata").len());
    fs::rename(&path, format!("{}/renamed.txt", dir)).expect("rename");
    fs::write(format!("{}/second.txt", dir), "2").expect("write second");
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().into_string().unwrap())
        .collect();
    names.sort();
    println!("entries: {:?}", names);
    match fs::read_to_string("/sandbox/missing") {
        Ok(_) => println!("missing file read?"),
        Err(e) => println!("missing: {:?}", e.kind()),
    }
    match fs::read_to_string("/etc/passwd") {
        Ok(_) => println!("read /etc/passwd?!"),
        Err(_) => println!("/etc/passwd: not reachable"),
    }
    fs::remove_file(format!("{}/renamed.txt", dir)).expect("remove");
    fs::remove_file(format!("{}/second.txt", dir)).expect("remove");
    fs::remove_dir(dir).expect("remove_dir");
    println!("cleaned up: {}", !std::path::Path::new(dir).exists());
    process::exit(3);
}
