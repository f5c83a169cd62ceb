//! DNS SRV/TXT look-ups for RFC 6764 discovery: with the system's resolver
//! configuration, or by the platform (phones have no `/etc/resolv.conf`;
//! Android's `DnsResolver` and iOS's dnssd know the device's DNS), whose
//! answer — Android's whole DNS message, iOS's data of each record — is
//! read here with hickory's parser so that no shell parses DNS by hand.

use hickory_resolver::proto::op::Message;
use hickory_resolver::proto::rr::rdata::SRV;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::proto::serialize::binary::{BinDecoder, Restrict};
use hickory_resolver::TokioResolver;
use shared::effects::{DnsRequest, DnsResponse, SrvRecord};

fn srv_record(r: &SRV) -> SrvRecord {
    SrvRecord { priority: r.priority(), weight: r.weight(), port: r.port(), target: r.target().to_utf8() }
}

pub async fn lookup(resolver: Option<&TokioResolver>, request: DnsRequest) -> DnsResponse {
    let Some(resolver) = resolver else { return DnsResponse::NotFound };
    match request {
        DnsRequest::Srv { name } => match resolver.srv_lookup(name).await {
            Ok(found) => DnsResponse::Srv(found.iter().map(srv_record).collect()),
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

/// The name and record type (SRV 33, TXT 16) a platform is asked for.
pub fn platform_query(request: &DnsRequest) -> (&str, u16) {
    match request {
        DnsRequest::Srv { name } => (name, u16::from(RecordType::SRV)),
        DnsRequest::Txt { name } => (name, u16::from(RecordType::TXT)),
    }
}

/// The platform's answer to `request`, a DNS message as received. Records
/// of another type (a CNAME on the way) are passed over; an unreadable or
/// empty answer is no answer.
pub fn from_platform_answer(request: &DnsRequest, wire: &[u8]) -> DnsResponse {
    let Ok(message) = Message::from_vec(wire) else { return DnsResponse::NotFound };
    response_of(request, message.answers().iter().map(|r| r.data()))
}

/// The platform's answer to `request` as the data of each record (iOS's
/// dnssd gives records one by one); one unreadable record is passed over.
pub fn from_platform_records(request: &DnsRequest, records: &[Vec<u8>]) -> DnsResponse {
    let record_type = RecordType::from(platform_query(request).1);
    let data: Vec<RData> = records
        .iter()
        .filter_map(|bytes| {
            let length = Restrict::new(u16::try_from(bytes.len()).ok()?);
            RData::read(&mut BinDecoder::new(bytes), record_type, length).ok()
        })
        .collect();
    response_of(request, data.iter())
}

fn response_of<'a>(request: &DnsRequest, data: impl Iterator<Item = &'a RData>) -> DnsResponse {
    let response = match request {
        DnsRequest::Srv { .. } => DnsResponse::Srv(
            data.filter_map(|d| match d {
                RData::SRV(srv) => Some(srv_record(srv)),
                _ => None,
            })
            .collect(),
        ),
        DnsRequest::Txt { .. } => DnsResponse::Txt(
            data.filter_map(|d| match d {
                RData::TXT(txt) => Some(txt.to_string()),
                _ => None,
            })
            .collect(),
        ),
    };
    match response {
        DnsResponse::Srv(ref v) if v.is_empty() => DnsResponse::NotFound,
        DnsResponse::Txt(ref v) if v.is_empty() => DnsResponse::NotFound,
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_resolver::proto::op::{MessageType, Query};
    use hickory_resolver::proto::rr::rdata::{CNAME, TXT};
    use hickory_resolver::proto::rr::{Name, Record};

    fn answer(name: &str, records: Vec<RData>) -> Vec<u8> {
        let name = Name::from_ascii(name).unwrap();
        let mut message = Message::new();
        message.set_message_type(MessageType::Response);
        message.add_query(Query::query(name.clone(), RecordType::SRV));
        for data in records {
            message.add_answer(Record::from_rdata(name.clone(), 300, data));
        }
        message.to_vec().unwrap()
    }

    #[test]
    fn a_platform_answer_is_read_as_the_core_asks_it() {
        let srv = DnsRequest::Srv { name: "_carddavs._tcp.nubo.coop".into() };
        assert_eq!(platform_query(&srv), ("_carddavs._tcp.nubo.coop", 33));
        let target = Name::from_ascii("cloud.nubo.coop.").unwrap();
        let wire = answer(
            "_carddavs._tcp.nubo.coop.",
            vec![RData::CNAME(CNAME(target.clone())), RData::SRV(SRV::new(10, 5, 443, target))],
        );
        assert_eq!(
            from_platform_answer(&srv, &wire),
            DnsResponse::Srv(vec![SrvRecord { priority: 10, weight: 5, port: 443, target: "cloud.nubo.coop.".into() }])
        );
        let txt = DnsRequest::Txt { name: "_carddavs._tcp.nubo.coop".into() };
        assert_eq!(platform_query(&txt).1, 16);
        let wire = answer("_carddavs._tcp.nubo.coop.", vec![RData::TXT(TXT::new(vec!["path=/remote.php/dav".into()]))]);
        assert_eq!(from_platform_answer(&txt, &wire), DnsResponse::Txt(vec!["path=/remote.php/dav".into()]));
    }

    #[test]
    fn records_given_one_by_one_are_read_as_a_message_would_be() {
        use hickory_resolver::proto::serialize::binary::{BinEncodable, BinEncoder};
        let encode = |data: RData| {
            let mut bytes = Vec::new();
            data.emit(&mut BinEncoder::new(&mut bytes)).unwrap();
            bytes
        };
        let srv = DnsRequest::Srv { name: "_carddavs._tcp.nubo.coop".into() };
        let target = Name::from_ascii("cloud.nubo.coop.").unwrap();
        let records = vec![encode(RData::SRV(SRV::new(0, 1, 8443, target))), vec![0, 1]];
        assert_eq!(
            from_platform_records(&srv, &records),
            DnsResponse::Srv(vec![SrvRecord { priority: 0, weight: 1, port: 8443, target: "cloud.nubo.coop.".into() }])
        );
        let txt = DnsRequest::Txt { name: "_carddavs._tcp.nubo.coop".into() };
        let records = vec![encode(RData::TXT(TXT::new(vec!["path=/dav".into()])))];
        assert_eq!(from_platform_records(&txt, &records), DnsResponse::Txt(vec!["path=/dav".into()]));
        assert_eq!(from_platform_records(&txt, &[]), DnsResponse::NotFound);
    }

    #[test]
    fn an_empty_or_broken_platform_answer_is_no_answer() {
        let srv = DnsRequest::Srv { name: "_carddavs._tcp.nubo.coop".into() };
        assert_eq!(from_platform_answer(&srv, &answer("_carddavs._tcp.nubo.coop.", vec![])), DnsResponse::NotFound);
        assert_eq!(from_platform_answer(&srv, b"\x00\x01garbage"), DnsResponse::NotFound);
        assert_eq!(from_platform_answer(&srv, &[]), DnsResponse::NotFound);
    }
}
