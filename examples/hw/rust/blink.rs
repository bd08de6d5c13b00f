// Blinks LED 0, then toggles LED 1 on each press of the button, until three
// presses or a second without one: examples/hw/blink.c in Rust, with the
// same output (tests/hw/expected/blink.out).
//
//   rustc --target wasm32-wasi -O --edition 2021 blink.rs -o blink.wasm
//   petrel run --hw sim --gpio 0:0-4 --hw-log - blink.wasm
//
// On the simulated board lines 0-3 of chip 0 are LEDs and line 4 is a
// button pressed at 250, 750, 1250, 1750 and 2250 ms of virtual time
// (--hw-button changes that); --hw-log shows every change.
use std::process::ExitCode;

#[allow(dead_code)]
#[path = "../../../sdk/rust/petrel_hw.rs"]
mod petrel_hw;

use petrel_hw::{clock_us, delay_us, Edges, Error, OutputPin, Pin};

const CHIP: i32 = 0;
const LED0: i32 = 0;
const LED1: i32 = 1;
const BUTTON: i32 = 4;

fn fail(what: &str, e: Error) -> ExitCode {
    println!("{}: {}", what, e);
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let mut led0 = match OutputPin::open(CHIP, LED0) {
        Ok(p) => p,
        Err(e) => return fail("gpio_open led0", e),
    };
    let mut led1 = match OutputPin::open(CHIP, LED1) {
        Ok(p) => p,
        Err(e) => return fail("gpio_open led1", e),
    };
    let mut button = match Pin::new(CHIP, BUTTON).edges(Edges::Rising).input() {
        Ok(p) => p,
        Err(e) => return fail("gpio_open button", e),
    };

    for _ in 0..3 {
        let _ = led0.set_high();
        delay_us(40_000);
        let _ = led0.set_low();
        delay_us(40_000);
    }
    println!("blinked led0 3 times");

    let mut presses = 0;
    let mut led1_on = false;
    while presses < 3 {
        match button.wait_for_edge(1000) {
            Err(Error::Timeout) => {
                println!("no press within 1000 ms");
                break;
            }
            Err(e) => return fail("gpio_wait_edge", e),
            Ok(_) => {}
        }
        presses += 1;
        led1_on = !led1_on;
        let _ = led1.set_state(led1_on);
        println!("press {} at {} ms: led1 {}", presses, clock_us() / 1000, if led1_on { "on" } else { "off" });
    }

    match button.is_high() {
        Ok(level) => println!("button level now: {}", level as i32),
        Err(e) => println!("button level now: {}", e.code()),
    }
    let r = button.wait_for_edge(100);
    println!("no press within 100 ms: {}", if r == Err(Error::Timeout) { "timed out" } else { "pressed" });

    // The C version closes button, led1, led0 in that order; so does this.
    drop(button);
    drop(led1);
    drop(led0);
    ExitCode::SUCCESS
}
