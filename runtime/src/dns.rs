//! DNS SRV/TXT look-ups for RFC 6764 discovery, with the system's resolver
//! configuration.

use hickory_resolver::TokioResolver;
use shared::effects::{DnsRequest, DnsResponse, SrvRecord};

pub async fn lookup(resolver: Option<&TokioResolver>, request: DnsRequest) -> DnsResponse {
    let Some(resolver) = resolver else { return DnsResponse::NotFound };
    match request {
        DnsRequest::Srv { name } => match resolver.srv_lookup(name).await {
            Ok(found) => DnsResponse::Srv(
                found
                    .iter()
                    .map(|r| SrvRecord {
                        priority: r.priority(),
                        weight: r.weight(),
                        port: r.port(),
                        target: r.target().to_utf8(),
                    })
                    .collect(),
            ),
            Err(_) => DnsResponse::NotFound,
        },
        DnsRequest::Txt { name } => match resolver.txt_lookup(name).await {
            Ok(found) => DnsResponse::Txt(found.iter().map(|t| t.to_string()).collect()),
            Err(_) => DnsResponse::NotFound,
        },
    }
}

pub fn system_resolver() -> Option<TokioResolver> {
    TokioResolver::builder_tokio().ok().map(|b| b.build())
}
