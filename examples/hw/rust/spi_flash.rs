// Talks to a W25Q-style SPI NOR flash: JEDEC id, sector erase, page program
// (wrapping at the page's end), read back and verify: examples/hw/spi_flash.c
// in Rust, with the same output (tests/hw/expected/spi_flash.out).
//
//   rustc --target wasm32-wasi -O --edition 2021 spi_flash.rs -o spi_flash.wasm
//   petrel run --hw sim --spi 0.0 spi_flash.wasm
//
// Each command is one chip select: write_read sends the command and its
// address, then reads the answer.
use std::process::ExitCode;

#[allow(dead_code)]
#[path = "../../../sdk/rust/petrel_hw.rs"]
mod petrel_hw;

use petrel_hw::{delay_us, Error, Spi};

const CMD_READ: u8 = 0x03;
const CMD_PROGRAM: u8 = 0x02;
const CMD_ERASE_4K: u8 = 0x20;
const CMD_WRITE_ENABLE: u8 = 0x06;
const CMD_STATUS: u8 = 0x05;
const CMD_JEDEC_ID: u8 = 0x9f;
const STATUS_BUSY: u8 = 0x01;

struct Flash {
    spi: Spi,
}

fn command_at(cmd: u8, addr: u32) -> [u8; 4] {
    [cmd, (addr >> 16) as u8, (addr >> 8) as u8, addr as u8]
}

impl Flash {
    fn status(&mut self) -> u8 {
        let mut s = [0xffu8];
        let _ = self.spi.write_read(&[CMD_STATUS], &mut s);
        s[0]
    }

    fn write_enable(&mut self) {
        let mut cmd = [CMD_WRITE_ENABLE];
        let _ = self.spi.transfer_in_place(&mut cmd);
    }

    // Polls the status every millisecond until the flash is no longer busy.
    fn wait_ready(&mut self) -> u32 {
        let mut polls = 0;
        loop {
            delay_us(1000);
            polls += 1;
            if self.status() & STATUS_BUSY == 0 {
                return polls;
            }
        }
    }

    fn read_at(&mut self, addr: u32, buf: &mut [u8]) {
        let _ = self.spi.write_read(&command_at(CMD_READ, addr), buf);
    }

    fn program_at(&mut self, addr: u32, data: &[u8]) {
        let mut cmd = command_at(CMD_PROGRAM, addr).to_vec();
        cmd.extend_from_slice(data);
        let _ = self.spi.write(&cmd);
    }
}

fn fail(what: &str, e: Error) -> ExitCode {
    println!("{}: {}", what, e);
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let mut flash = match Spi::open(0, 0, 1_000_000) {
        Ok(spi) => Flash { spi },
        Err(e) => return fail("spi_open", e),
    };

    let mut id = [0u8; 3];
    if let Err(e) = flash.spi.write_read(&[CMD_JEDEC_ID], &mut id) {
        return fail("jedec id", e);
    }
    println!("JEDEC id: {:02x} {:02x} {:02x}", id[0], id[1], id[2]);

    flash.write_enable();
    println!("status after write enable: 0x{:02x}", flash.status());
    let _ = flash.spi.write(&command_at(CMD_ERASE_4K, 0x001000));
    println!("status after erase: 0x{:02x}", flash.status());
    println!("erase done after {} polls", flash.wait_ready());

    let mut buf = [0u8; 32];
    flash.read_at(0x001000, &mut buf[..16]);
    println!("erased: {}", if buf[..16].iter().all(|&b| b == 0xff) { "all ff" } else { "no" });

    // 32 bytes from 0x10f0: the page ends at 0x10ff, so the second half wraps
    // to the page's start, 0x1000.
    let text = b"Petrel SPI flash page-wrap test!";
    flash.write_enable();
    flash.program_at(0x0010f0, text);
    println!("program done after {} polls", flash.wait_ready());
    flash.read_at(0x0010f0, &mut buf[..16]);
    println!("0x0010f0: \"{}\"", String::from_utf8_lossy(&buf[..16]));
    flash.read_at(0x001000, &mut buf[16..]);
    println!("0x001000: \"{}\"", String::from_utf8_lossy(&buf[16..]));
    println!("verify: {}", if &buf == text { "ok" } else { "FAILED" });

    // Programming only clears bits: 0xf0 then 0x0f leaves 0x00.
    flash.write_enable();
    flash.program_at(0x001100, &[0xf0]);
    flash.wait_ready();
    flash.write_enable();
    flash.program_at(0x001100, &[0x0f]);
    flash.wait_ready();
    let mut v = [0u8];
    flash.read_at(0x001100, &mut v);
    println!("0xf0 then 0x0f: 0x{:02x}", v[0]);

    // Without write enable the flash ignores a program.
    flash.program_at(0x001200, &[0x00]);
    flash.wait_ready();
    flash.read_at(0x001200, &mut v);
    println!("without write enable: 0x{:02x}", v[0]);
    ExitCode::SUCCESS
}
