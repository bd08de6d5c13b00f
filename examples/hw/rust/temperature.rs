// Reads a TMP102-style temperature sensor over I2C and prints degrees C:
// examples/hw/temperature.c in Rust, with the same output
// (tests/hw/expected/temperature.out).
//
//   rustc --target wasm32-wasi -O --edition 2021 temperature.rs -o temperature.wasm
//   petrel run --hw sim --i2c 0:0x48 temperature.wasm
//
// The sensor's temperature register holds a 12-bit two's complement value
// in its upper bits, 0.0625 degC per step (docs/HARDWARE.md, the simulated
// board). On a Raspberry Pi with a real TMP102 on bus 1:
//   petrel run --i2c 1:0x48 temperature.wasm -- 1
use std::process::ExitCode;

#[allow(dead_code)]
#[path = "../../../sdk/rust/petrel_hw.rs"]
mod petrel_hw;

use petrel_hw::{clock_us, delay_us, Error, I2c};

const SENSOR: u8 = 0x48;
const REG_TEMPERATURE: u8 = 0x00;
const REG_T_HIGH: u8 = 0x03;
const REG_DEVICE_ID: u8 = 0x0f;

fn fail(what: &str, e: Error) -> ExitCode {
    println!("{}: {}", what, e);
    ExitCode::from(1)
}

// A 16-bit register, most significant byte first: write the pointer, then
// read two bytes, in one transaction.
fn read_register(bus: &mut I2c, reg: u8) -> Result<u16, Error> {
    let mut v = [0u8; 2];
    bus.write_read(SENSOR, &[reg], &mut v)?;
    Ok(u16::from_be_bytes(v))
}

// "23.5000": the 12-bit value times 0.0625, exactly (four decimals).
fn celsius(reg: u16) -> String {
    let steps = (reg as i16 >> 4) as i32;
    let sign = if steps < 0 { "-" } else { "" };
    let scaled = steps.abs() * 625; // in 1/10000 degC
    format!("{}{}.{:04} C", sign, scaled / 10000, scaled % 10000)
}

fn main() -> ExitCode {
    // Like atoi: a missing or malformed argument is bus 0.
    let bus_number: i32 = std::env::args().nth(1).and_then(|a| a.trim().parse().ok()).unwrap_or(0);
    let mut bus = match I2c::open(bus_number) {
        Ok(b) => b,
        Err(e) => return fail("i2c_open", e),
    };

    let id = match read_register(&mut bus, REG_DEVICE_ID) {
        Ok(v) => v,
        Err(e) => return fail("device id", e),
    };
    println!("device id: 0x{:04x}", id);

    // The alert threshold: 30 degC is 480 steps, 0x1e0 in bits 15..4.
    if let Err(e) = bus.write(SENSOR, &[REG_T_HIGH, 0x1e, 0x00]) {
        return fail("write T_high", e);
    }
    let t_high = match read_register(&mut bus, REG_T_HIGH) {
        Ok(v) => v,
        Err(e) => return fail("read T_high", e),
    };
    println!("T_high: {}", celsius(t_high));

    for _ in 0..4 {
        let t = match read_register(&mut bus, REG_TEMPERATURE) {
            Ok(v) => v,
            Err(e) => return fail("temperature", e),
        };
        println!("t={} ms: {}", clock_us() / 1000, celsius(t));
        delay_us(1_000_000);
    }

    // Only the sensor's address was granted.
    let mut b = [0u8; 1];
    let r = bus.read(0x49, &mut b);
    println!("address 0x49: {}", match r {
        Ok(()) => "success".to_string(),
        Err(e) => e.to_string(),
    });
    ExitCode::SUCCESS
}
