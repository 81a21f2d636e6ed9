//! Who is asking, as the limits count them.

use actix_web::HttpRequest;

/// The client's address as limits key it: the TCP peer, or the address a trusted proxy
/// forwarded for; an IPv6 client's /64 ([`crate::client_address`]).
pub fn client_address(req: &HttpRequest) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let ip = match req.app_data::<actix_web::web::Data<super::state::AppState>>() {
        Some(state) => state.trusted_proxies.client(peer, req.headers()),
        None => peer,
    };
    ip.map(crate::client_address::limit_key).unwrap_or_default()
}
