//! A loopback listener for the browser's callback that no other program
//! can share. On Windows, a port bound without `SO_EXCLUSIVEADDRUSE` can be
//! bound again by another program that sets `SO_REUSEADDR`, which would
//! then receive the authorization code. On Unix a second bind to the same
//! address fails unless both set `SO_REUSEPORT` (and are the same user),
//! so nothing is needed there.

/// Call before `bind`.
pub fn claim_port_exclusively(socket: &socket2::Socket) -> std::io::Result<()> {
    #[cfg(windows)]
    {
        windows::exclusive_address_use(socket)
    }
    #[cfg(not(windows))]
    {
        let _ = socket;
        Ok(())
    }
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod windows {
    use std::os::windows::io::AsRawSocket;

    use windows_sys::Win32::Networking::WinSock::{SO_EXCLUSIVEADDRUSE, SOL_SOCKET, WSAGetLastError, setsockopt};

    pub fn exclusive_address_use(socket: &socket2::Socket) -> std::io::Result<()> {
        let on: i32 = 1;
        // SAFETY: a valid socket for the length of the call; the option
        // value is a live i32 whose size is passed with it.
        let status = unsafe {
            setsockopt(
                socket.as_raw_socket() as usize,
                SOL_SOCKET,
                SO_EXCLUSIVEADDRUSE,
                (&on as *const i32).cast(),
                std::mem::size_of::<i32>() as i32,
            )
        };
        if status == 0 {
            Ok(())
        } else {
            // SAFETY: reads this thread's last Winsock error.
            Err(std::io::Error::from_raw_os_error(unsafe { WSAGetLastError() }))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, SocketAddr};

    use socket2::{Domain, Protocol, Socket, Type};

    use super::*;

    fn socket() -> Socket {
        Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).expect("socket")
    }

    #[test]
    fn a_claimed_port_cannot_be_bound_again_even_with_address_reuse() {
        let first = socket();
        claim_port_exclusively(&first).expect("claimed");
        first.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into()).expect("bound");
        first.listen(1).expect("listening");
        let port = first.local_addr().expect("address").as_socket().expect("inet").port();
        let second = socket();
        second.set_reuse_address(true).expect("reuse");
        assert!(second.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into()).is_err(), "port {port} shared");
    }
}
