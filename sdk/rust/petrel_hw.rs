// petrel_hw.rs: the hardware APIs of Petrel for WebAssembly guests in Rust.
//
// The Rust twin of sdk/petrel_hw.h (docs/HARDWARE.md): I2C, GPIO, SPI, UART
// and a delay/clock, imported from module "petrel_hw". One file, no crates.
// A guest includes it with
//
//     #[allow(dead_code)] // a guest uses only part of it
//     #[path = "../../sdk/rust/petrel_hw.rs"]
//     mod petrel_hw;
//
// or with `include!("petrel_hw.rs");` at its top level (the file has no
// inner attributes, so both work), builds with
//
//     rustc --target wasm32-wasi -O --edition 2021 app.rs -o app.wasm
//
// (Rust 1.63 or later) and runs with grants such as
//
//     petrel run --hw sim --i2c 0:0x48 --gpio 0:0-4 --spi 0.0 --uart 0 app.wasm
//
// Two layers:
//
// * `sys`: the raw imports, with the C header's names, types and constants.
//   Unsafe: the pointers are the caller's business (the host still checks
//   them against memory 0, so a bad one is INVALID, never a trap).
// * The safe layer, in the embedded-hal spirit: `I2c`, `Pin` (the gpio_open
//   flags as a builder), `OutputPin`, `InputPin`, `Spi`, `Uart`, `delay_us`,
//   `clock_us`, and `Error` for the codes. Buffers are slices (a pointer and
//   its own length, so no out-of-bounds buffer can be passed), results are
//   `Result<_, Error>`, and a handle is closed when its value is dropped.

use core::fmt;

/// The raw imports and constants, exactly as in `sdk/petrel_hw.h`.
///
/// Every function returns an `i32`: `>= 0` is success (a handle, a byte
/// count, a level), `< 0` one of the `PETREL_HW_ERR_*` codes;
/// `petrel_hw_clock_us` returns an `i64`.
pub mod sys {
    use core::ffi::c_void;

    // Error codes (the same list as src/hw/hw_errors.def).
    pub const PETREL_HW_OK: i32 = 0;
    pub const PETREL_HW_ERR_NOT_GRANTED: i32 = -1;
    pub const PETREL_HW_ERR_BAD_HANDLE: i32 = -2;
    pub const PETREL_HW_ERR_INVALID: i32 = -3;
    pub const PETREL_HW_ERR_NACK: i32 = -4;
    pub const PETREL_HW_ERR_BUS: i32 = -5;
    pub const PETREL_HW_ERR_TIMEOUT: i32 = -6;
    pub const PETREL_HW_ERR_IO: i32 = -7;
    pub const PETREL_HW_ERR_UNSUPPORTED: i32 = -8;
    pub const PETREL_HW_ERR_BUSY: i32 = -9;
    pub const PETREL_HW_ERR_NO_HANDLES: i32 = -10;

    /// The longest buffer one call takes.
    pub const PETREL_HW_MAX_TRANSFER: i32 = 4096;

    // gpio_open flags. Without PETREL_HW_GPIO_OUTPUT a line is an input.
    pub const PETREL_HW_GPIO_OUTPUT: i32 = 1 << 0;
    pub const PETREL_HW_GPIO_ACTIVE_LOW: i32 = 1 << 1;
    pub const PETREL_HW_GPIO_INITIAL_ACTIVE: i32 = 1 << 2;
    pub const PETREL_HW_GPIO_BIAS_AS_IS: i32 = 0 << 3;
    pub const PETREL_HW_GPIO_BIAS_PULL_UP: i32 = 1 << 3;
    pub const PETREL_HW_GPIO_BIAS_PULL_DOWN: i32 = 2 << 3;
    pub const PETREL_HW_GPIO_BIAS_DISABLED: i32 = 3 << 3;
    pub const PETREL_HW_GPIO_EDGE_RISING: i32 = 1 << 5;
    pub const PETREL_HW_GPIO_EDGE_FALLING: i32 = 1 << 6;
    pub const PETREL_HW_GPIO_EDGE_BOTH: i32 = PETREL_HW_GPIO_EDGE_RISING | PETREL_HW_GPIO_EDGE_FALLING;

    // petrel_hw_gpio_wait_edge results.
    pub const PETREL_HW_EDGE_RISING: i32 = 1;
    pub const PETREL_HW_EDGE_FALLING: i32 = 2;

    #[link(wasm_import_module = "petrel_hw")]
    extern "C" {
        // I2C (7-bit addresses).
        #[link_name = "i2c_open"]
        pub fn petrel_hw_i2c_open(bus: i32) -> i32;
        #[link_name = "i2c_read"]
        pub fn petrel_hw_i2c_read(h: i32, addr: i32, buf: *mut c_void, len: i32) -> i32;
        #[link_name = "i2c_write"]
        pub fn petrel_hw_i2c_write(h: i32, addr: i32, buf: *const c_void, len: i32) -> i32;
        /// One transaction: write wlen bytes, repeated start, read rlen. Returns rlen.
        #[link_name = "i2c_write_read"]
        pub fn petrel_hw_i2c_write_read(
            h: i32,
            addr: i32,
            wbuf: *const c_void,
            wlen: i32,
            rbuf: *mut c_void,
            rlen: i32,
        ) -> i32;

        // GPIO. Levels are logical: 1 active, 0 inactive.
        #[link_name = "gpio_open"]
        pub fn petrel_hw_gpio_open(chip: i32, line: i32, flags: i32) -> i32;
        #[link_name = "gpio_read"]
        pub fn petrel_hw_gpio_read(h: i32) -> i32;
        #[link_name = "gpio_write"]
        pub fn petrel_hw_gpio_write(h: i32, active: i32) -> i32;
        /// PETREL_HW_EDGE_RISING or _FALLING, or PETREL_HW_ERR_TIMEOUT;
        /// timeout_ms < 0 waits without a limit.
        #[link_name = "gpio_wait_edge"]
        pub fn petrel_hw_gpio_wait_edge(h: i32, timeout_ms: i32) -> i32;

        // SPI. mode 0..3 (CPOL = bit 1, CPHA = bit 0); chip select is asserted for one call.
        #[link_name = "spi_open"]
        pub fn petrel_hw_spi_open(dev: i32, mode: i32, speed_hz: i32) -> i32;
        /// Full duplex: len bytes out of tx, len bytes into rx (tx == rx is allowed).
        #[link_name = "spi_transfer"]
        pub fn petrel_hw_spi_transfer(h: i32, tx: *const c_void, rx: *mut c_void, len: i32) -> i32;
        /// tx_len bytes out, then rx_len bytes in. Returns rx_len.
        #[link_name = "spi_write_read"]
        pub fn petrel_hw_spi_write_read(
            h: i32,
            tx: *const c_void,
            tx_len: i32,
            rx: *mut c_void,
            rx_len: i32,
        ) -> i32;

        // UART.
        #[link_name = "uart_open"]
        pub fn petrel_hw_uart_open(port: i32, baud: i32) -> i32;
        #[link_name = "uart_write"]
        pub fn petrel_hw_uart_write(h: i32, buf: *const c_void, len: i32, timeout_ms: i32) -> i32;
        /// 1..len bytes, or PETREL_HW_ERR_TIMEOUT when nothing arrived in timeout_ms.
        #[link_name = "uart_read"]
        pub fn petrel_hw_uart_read(h: i32, buf: *mut c_void, len: i32, timeout_ms: i32) -> i32;

        // Any handle.
        #[link_name = "close"]
        pub fn petrel_hw_close(h: i32) -> i32;

        // Time: a delay, and monotonic microseconds since the instance
        // started (virtual time on the simulated board).
        #[link_name = "delay_us"]
        pub fn petrel_hw_delay_us(us: i32) -> i32;
        #[link_name = "clock_us"]
        pub fn petrel_hw_clock_us() -> i64;
    }

    /// A short description of a result code (petrel_hw_strerror).
    pub fn petrel_hw_strerror(code: i32) -> &'static str {
        match code {
            PETREL_HW_OK => "success",
            PETREL_HW_ERR_NOT_GRANTED => "not granted to this guest",
            PETREL_HW_ERR_BAD_HANDLE => "unknown or closed handle, or a handle of another kind",
            PETREL_HW_ERR_INVALID => "invalid argument",
            PETREL_HW_ERR_NACK => "no acknowledge",
            PETREL_HW_ERR_BUS => "bus error or arbitration loss",
            PETREL_HW_ERR_TIMEOUT => "timed out",
            PETREL_HW_ERR_IO => "device or kernel error",
            PETREL_HW_ERR_UNSUPPORTED => "not supported by this backend",
            PETREL_HW_ERR_BUSY => "held by another handle or process",
            PETREL_HW_ERR_NO_HANDLES => "handle table full",
            c if c >= 0 => "success",
            _ => "unknown error",
        }
    }
}

use sys::*;

// --- Errors -----------------------------------------------------------------

/// A `petrel_hw` error code (`PETREL_HW_ERR_*`); `Display` gives the same
/// text as `petrel_hw_strerror`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// The bus, chip, line, address or device was not granted.
    NotGranted,
    /// Unknown or closed handle, or a handle of another kind.
    BadHandle,
    /// Bad argument: too long a buffer, bad flags, mode, speed or baud rate...
    Invalid,
    /// I2C: no device acknowledged the address or a data byte.
    Nack,
    /// Bus error or arbitration loss.
    Bus,
    /// No data or no edge before the timeout.
    Timeout,
    /// Any other device or kernel error; also a granted device that does not exist.
    Io,
    /// The backend cannot do this.
    Unsupported,
    /// Held by another handle or process.
    Busy,
    /// The handle table is full (32 per instance).
    NoHandles,
    /// A negative code this SDK does not know.
    Other(i32),
}

impl Error {
    /// The error for a negative result code; `None` for success (`>= 0`).
    pub fn from_code(code: i32) -> Option<Error> {
        Some(match code {
            c if c >= 0 => return None,
            PETREL_HW_ERR_NOT_GRANTED => Error::NotGranted,
            PETREL_HW_ERR_BAD_HANDLE => Error::BadHandle,
            PETREL_HW_ERR_INVALID => Error::Invalid,
            PETREL_HW_ERR_NACK => Error::Nack,
            PETREL_HW_ERR_BUS => Error::Bus,
            PETREL_HW_ERR_TIMEOUT => Error::Timeout,
            PETREL_HW_ERR_IO => Error::Io,
            PETREL_HW_ERR_UNSUPPORTED => Error::Unsupported,
            PETREL_HW_ERR_BUSY => Error::Busy,
            PETREL_HW_ERR_NO_HANDLES => Error::NoHandles,
            c => Error::Other(c),
        })
    }

    /// The result code (`PETREL_HW_ERR_*`).
    pub fn code(self) -> i32 {
        match self {
            Error::NotGranted => PETREL_HW_ERR_NOT_GRANTED,
            Error::BadHandle => PETREL_HW_ERR_BAD_HANDLE,
            Error::Invalid => PETREL_HW_ERR_INVALID,
            Error::Nack => PETREL_HW_ERR_NACK,
            Error::Bus => PETREL_HW_ERR_BUS,
            Error::Timeout => PETREL_HW_ERR_TIMEOUT,
            Error::Io => PETREL_HW_ERR_IO,
            Error::Unsupported => PETREL_HW_ERR_UNSUPPORTED,
            Error::Busy => PETREL_HW_ERR_BUSY,
            Error::NoHandles => PETREL_HW_ERR_NO_HANDLES,
            Error::Other(c) => c,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(petrel_hw_strerror(self.code()))
    }
}

impl std::error::Error for Error {}

/// `Ok(r)` for a result `r >= 0`, else the error.
pub fn check(r: i32) -> Result<i32, Error> {
    match Error::from_code(r) {
        None => Ok(r),
        Some(e) => Err(e),
    }
}

/// A slice's length as the ABI's `i32`. Slices longer than
/// PETREL_HW_MAX_TRANSFER are left for the host to refuse (`Invalid`).
fn len_of(len: usize) -> Result<i32, Error> {
    i32::try_from(len).map_err(|_| Error::Invalid)
}

/// `timeout_ms` for the blocking calls: a negative value waits without a limit.
pub const FOREVER: i32 = -1;

// --- Handles ----------------------------------------------------------------

macro_rules! handle_type {
    ($name:ident) => {
        impl $name {
            /// The raw handle, for the functions in [`sys`].
            pub fn handle(&self) -> i32 {
                self.h
            }

            /// Gives up ownership: the handle stays open.
            pub fn into_raw(self) -> i32 {
                let h = self.h;
                core::mem::forget(self);
                h
            }

            /// Takes ownership of an open handle of this kind (closed on drop).
            ///
            /// # Safety
            /// `h` must be a handle of this kind that nothing else closes.
            pub unsafe fn from_raw(h: i32) -> Self {
                $name { h }
            }

            /// Closes the handle now, with the result (dropping it closes
            /// it too, ignoring the result).
            pub fn close(self) -> Result<(), Error> {
                let h = self.into_raw();
                check(unsafe { petrel_hw_close(h) }).map(|_| ())
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                unsafe {
                    petrel_hw_close(self.h);
                }
            }
        }
    };
}

// --- I2C --------------------------------------------------------------------

/// An I2C bus, with 7-bit addresses (0x00..=0x7f; others are `Invalid`).
#[derive(Debug)]
pub struct I2c {
    h: i32,
}
handle_type!(I2c);

impl I2c {
    /// Opens bus `bus` (`--i2c BUS[:ADDR,...]`).
    pub fn open(bus: i32) -> Result<I2c, Error> {
        check(unsafe { petrel_hw_i2c_open(bus) }).map(|h| I2c { h })
    }

    /// Reads `buf.len()` bytes from `addr`.
    pub fn read(&mut self, addr: u8, buf: &mut [u8]) -> Result<(), Error> {
        let len = len_of(buf.len())?;
        check(unsafe { petrel_hw_i2c_read(self.h, addr as i32, buf.as_mut_ptr().cast(), len) }).map(|_| ())
    }

    /// Writes `bytes` to `addr`.
    pub fn write(&mut self, addr: u8, bytes: &[u8]) -> Result<(), Error> {
        let len = len_of(bytes.len())?;
        check(unsafe { petrel_hw_i2c_write(self.h, addr as i32, bytes.as_ptr().cast(), len) }).map(|_| ())
    }

    /// Writes `bytes`, then reads `buf.len()` bytes, in one transaction
    /// (repeated start).
    pub fn write_read(&mut self, addr: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), Error> {
        let (wlen, rlen) = (len_of(bytes.len())?, len_of(buf.len())?);
        check(unsafe {
            petrel_hw_i2c_write_read(self.h, addr as i32, bytes.as_ptr().cast(), wlen, buf.as_mut_ptr().cast(), rlen)
        })
        .map(|_| ())
    }
}

// --- GPIO -------------------------------------------------------------------

/// A line's bias (PETREL_HW_GPIO_BIAS_*).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bias {
    AsIs,
    PullUp,
    PullDown,
    Disabled,
}

/// Which edges an input reports (PETREL_HW_GPIO_EDGE_*).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edges {
    None,
    Rising,
    Falling,
    Both,
}

/// An edge from [`InputPin::wait_for_edge`]. Logical, like the levels: with
/// active-low, `Rising` is the line going physically low.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Rising,
    Falling,
}

/// The flags of a line request, as a builder: `Pin::new(0, 17).active_low()
/// .bias(Bias::PullUp).edges(Edges::Rising).input()`. Contradictions (edges
/// on an output, an initial level on an input) are `Invalid` from the host.
#[derive(Clone, Copy, Debug)]
pub struct Pin {
    chip: i32,
    line: i32,
    flags: i32,
}

impl Pin {
    /// Line `line` of chip `chip` (`--gpio CHIP:LINES`), no flags yet.
    pub fn new(chip: i32, line: i32) -> Pin {
        Pin { chip, line, flags: 0 }
    }

    /// Logical 1 is the physical low level.
    pub fn active_low(mut self) -> Pin {
        self.flags |= PETREL_HW_GPIO_ACTIVE_LOW;
        self
    }

    /// Outputs: start active (else inactive).
    pub fn initially_active(mut self) -> Pin {
        self.flags |= PETREL_HW_GPIO_INITIAL_ACTIVE;
        self
    }

    pub fn bias(mut self, bias: Bias) -> Pin {
        self.flags &= !PETREL_HW_GPIO_BIAS_DISABLED;
        self.flags |= match bias {
            Bias::AsIs => PETREL_HW_GPIO_BIAS_AS_IS,
            Bias::PullUp => PETREL_HW_GPIO_BIAS_PULL_UP,
            Bias::PullDown => PETREL_HW_GPIO_BIAS_PULL_DOWN,
            Bias::Disabled => PETREL_HW_GPIO_BIAS_DISABLED,
        };
        self
    }

    /// Inputs: the edges [`InputPin::wait_for_edge`] reports.
    pub fn edges(mut self, edges: Edges) -> Pin {
        self.flags &= !PETREL_HW_GPIO_EDGE_BOTH;
        self.flags |= match edges {
            Edges::None => 0,
            Edges::Rising => PETREL_HW_GPIO_EDGE_RISING,
            Edges::Falling => PETREL_HW_GPIO_EDGE_FALLING,
            Edges::Both => PETREL_HW_GPIO_EDGE_BOTH,
        };
        self
    }

    /// The gpio_open flags so far (without PETREL_HW_GPIO_OUTPUT).
    pub fn flags(&self) -> i32 {
        self.flags
    }

    /// Requests the line as an output.
    pub fn output(self) -> Result<OutputPin, Error> {
        check(unsafe { petrel_hw_gpio_open(self.chip, self.line, self.flags | PETREL_HW_GPIO_OUTPUT) })
            .map(|h| OutputPin { h })
    }

    /// Requests the line as an input.
    pub fn input(self) -> Result<InputPin, Error> {
        check(unsafe { petrel_hw_gpio_open(self.chip, self.line, self.flags & !PETREL_HW_GPIO_OUTPUT) })
            .map(|h| InputPin { h })
    }
}

fn gpio_level(h: i32) -> Result<bool, Error> {
    check(unsafe { petrel_hw_gpio_read(h) }).map(|v| v != 0)
}

/// An output line. Levels are logical: high is the active level.
#[derive(Debug)]
pub struct OutputPin {
    h: i32,
}
handle_type!(OutputPin);

impl OutputPin {
    /// Line `line` of chip `chip` as an output, initially inactive
    /// (`Pin::new(chip, line)` for other flags).
    pub fn open(chip: i32, line: i32) -> Result<OutputPin, Error> {
        Pin::new(chip, line).output()
    }

    pub fn set_high(&mut self) -> Result<(), Error> {
        self.set_state(true)
    }

    pub fn set_low(&mut self) -> Result<(), Error> {
        self.set_state(false)
    }

    /// `true` is the active level.
    pub fn set_state(&mut self, active: bool) -> Result<(), Error> {
        check(unsafe { petrel_hw_gpio_write(self.h, active as i32) }).map(|_| ())
    }

    /// Reads the line back.
    pub fn is_high(&self) -> Result<bool, Error> {
        gpio_level(self.h)
    }

    pub fn is_low(&self) -> Result<bool, Error> {
        self.is_high().map(|v| !v)
    }

    pub fn toggle(&mut self) -> Result<(), Error> {
        let v = self.is_high()?;
        self.set_state(!v)
    }
}

/// An input line. Levels are logical: high is the active level.
#[derive(Debug)]
pub struct InputPin {
    h: i32,
}
handle_type!(InputPin);

impl InputPin {
    /// Line `line` of chip `chip` as an input without edge events
    /// (`Pin::new(chip, line).edges(...)` for them).
    pub fn open(chip: i32, line: i32) -> Result<InputPin, Error> {
        Pin::new(chip, line).input()
    }

    pub fn is_high(&self) -> Result<bool, Error> {
        gpio_level(self.h)
    }

    pub fn is_low(&self) -> Result<bool, Error> {
        self.is_high().map(|v| !v)
    }

    /// Waits for an edge of the kinds requested; `Err(Error::Timeout)` when
    /// none came within `timeout_ms` (negative, e.g. [`FOREVER`]: no limit).
    /// Edges since the request are queued, so one that already happened
    /// returns at once.
    pub fn wait_for_edge(&mut self, timeout_ms: i32) -> Result<Edge, Error> {
        match check(unsafe { petrel_hw_gpio_wait_edge(self.h, timeout_ms) })? {
            PETREL_HW_EDGE_RISING => Ok(Edge::Rising),
            PETREL_HW_EDGE_FALLING => Ok(Edge::Falling),
            _ => Err(Error::Io),
        }
    }
}

// --- SPI --------------------------------------------------------------------

/// An SPI device; every call is one chip select.
#[derive(Debug)]
pub struct Spi {
    h: i32,
}
handle_type!(Spi);

impl Spi {
    /// Opens device `dev` (the `--spi` flags in order, from 0) in mode 0..=3
    /// (CPOL bit 1, CPHA bit 0) at `speed_hz`.
    pub fn open(dev: i32, mode: u8, speed_hz: u32) -> Result<Spi, Error> {
        let speed = i32::try_from(speed_hz).map_err(|_| Error::Invalid)?;
        check(unsafe { petrel_hw_spi_open(dev, mode as i32, speed) }).map(|h| Spi { h })
    }

    /// Full duplex: sends `tx` while receiving into `rx`, which must be as
    /// long (else `Invalid`).
    pub fn transfer(&mut self, tx: &[u8], rx: &mut [u8]) -> Result<(), Error> {
        if tx.len() != rx.len() {
            return Err(Error::Invalid);
        }
        let len = len_of(tx.len())?;
        check(unsafe { petrel_hw_spi_transfer(self.h, tx.as_ptr().cast(), rx.as_mut_ptr().cast(), len) }).map(|_| ())
    }

    /// Full duplex in one buffer: sends `buf` and replaces it with what came back.
    pub fn transfer_in_place(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let len = len_of(buf.len())?;
        let p = buf.as_mut_ptr();
        check(unsafe { petrel_hw_spi_transfer(self.h, p as *const _, p.cast(), len) }).map(|_| ())
    }

    /// Sends `tx`, then reads `rx.len()` bytes, under one chip select.
    pub fn write_read(&mut self, tx: &[u8], rx: &mut [u8]) -> Result<(), Error> {
        let (tx_len, rx_len) = (len_of(tx.len())?, len_of(rx.len())?);
        check(unsafe { petrel_hw_spi_write_read(self.h, tx.as_ptr().cast(), tx_len, rx.as_mut_ptr().cast(), rx_len) })
            .map(|_| ())
    }

    /// Sends `tx` (what comes back is dropped).
    pub fn write(&mut self, tx: &[u8]) -> Result<(), Error> {
        self.write_read(tx, &mut [])
    }
}

// --- UART -------------------------------------------------------------------

/// A UART (one handle per port: a second open is `Busy`).
#[derive(Debug)]
pub struct Uart {
    h: i32,
}
handle_type!(Uart);

impl Uart {
    /// Opens port `port` (the `--uart` flags in order, from 0) at `baud`, 8N1.
    pub fn open(port: i32, baud: u32) -> Result<Uart, Error> {
        let baud = i32::try_from(baud).map_err(|_| Error::Invalid)?;
        check(unsafe { petrel_hw_uart_open(port, baud) }).map(|h| Uart { h })
    }

    /// Writes up to `bytes.len()` bytes within `timeout_ms` (negative: no
    /// limit); the count written, `Err(Error::Timeout)` if none.
    pub fn write(&mut self, bytes: &[u8], timeout_ms: i32) -> Result<usize, Error> {
        let len = len_of(bytes.len())?;
        check(unsafe { petrel_hw_uart_write(self.h, bytes.as_ptr().cast(), len, timeout_ms) }).map(|n| n as usize)
    }

    /// Writes all of `bytes`, each call within `timeout_ms`.
    pub fn write_all(&mut self, mut bytes: &[u8], timeout_ms: i32) -> Result<(), Error> {
        while !bytes.is_empty() {
            let n = self.write(bytes, timeout_ms)?;
            bytes = &bytes[n.min(bytes.len())..];
        }
        Ok(())
    }

    /// Reads 1..=`buf.len()` bytes (`buf` must not be empty), returning as
    /// soon as there are any; `Err(Error::Timeout)` when nothing arrived in
    /// `timeout_ms` (negative: no limit).
    pub fn read(&mut self, buf: &mut [u8], timeout_ms: i32) -> Result<usize, Error> {
        let len = len_of(buf.len())?;
        check(unsafe { petrel_hw_uart_read(self.h, buf.as_mut_ptr().cast(), len, timeout_ms) }).map(|n| n as usize)
    }
}

// --- Time -------------------------------------------------------------------

/// Sleeps `us` microseconds (virtual time on the simulated board). Ends
/// early when `petrel run --timeout` interrupts the guest.
pub fn delay_us(us: u32) {
    let mut left = us;
    while left > 0 {
        let step = left.min(i32::MAX as u32);
        unsafe {
            petrel_hw_delay_us(step as i32);
        }
        left -= step;
    }
}

/// Sleeps `ms` milliseconds.
pub fn delay_ms(ms: u32) {
    for _ in 0..ms / 1_000_000 {
        delay_us(1_000_000_000);
    }
    delay_us((ms % 1_000_000) * 1000);
}

/// Monotonic microseconds since the instance started.
pub fn clock_us() -> u64 {
    unsafe { petrel_hw_clock_us() as u64 }
}
