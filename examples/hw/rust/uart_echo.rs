// Sends lines over a UART and prints the replies: examples/hw/uart_echo.c in
// Rust, with the same output (tests/hw/expected/uart_echo.out).
//
//   rustc --target wasm32-wasi -O --edition 2021 uart_echo.rs -o uart_echo.wasm
//   petrel run --hw sim --uart 0 uart_echo.wasm
//
// On the simulated board UART 0 is a peer that answers each line with
// "ECHO: <line>". With a real device: petrel run --uart /dev/ttyUSB0 ...
use std::process::ExitCode;

#[allow(dead_code)]
#[path = "../../../sdk/rust/petrel_hw.rs"]
mod petrel_hw;

use petrel_hw::{Error, Uart};

fn fail(what: &str, e: Error) -> ExitCode {
    println!("{}: {}", what, e);
    ExitCode::from(1)
}

// Reads up to a newline (not kept), 100 ms at most per read.
fn read_line(uart: &mut Uart, max: usize) -> Result<String, Error> {
    let mut line = Vec::new();
    while line.len() < max {
        let mut c = [0u8];
        uart.read(&mut c, 100)?;
        if c[0] == b'\n' {
            break;
        }
        line.push(c[0]);
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn main() -> ExitCode {
    let mut uart = match Uart::open(0, 115200) {
        Ok(u) => u,
        Err(e) => return fail("uart_open", e),
    };

    for line in ["hello\n", "petrel hw\r\n", "0123456789\n"] {
        match uart.write(line.as_bytes(), 100) {
            Ok(n) if n == line.len() => {}
            Ok(_) => return fail("uart_write", Error::Io),
            Err(e) => return fail("uart_write", e),
        }
        println!("> {}", line.trim_end_matches(&['\r', '\n'][..]));
        match read_line(&mut uart, 127) {
            Ok(reply) => println!("< {}", reply),
            Err(e) => return fail("uart_read", e),
        }
    }

    let mut c = [0u8];
    let r = uart.read(&mut c, 50);
    println!("idle read: {}", r.err().map_or("success".to_string(), |e| e.to_string()));
    let second = Uart::open(0, 115200);
    println!("second open: {}", second.err().map_or("success".to_string(), |e| e.to_string()));
    ExitCode::SUCCESS
}
