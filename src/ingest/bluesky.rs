//! PLACEHOLDER: being written; rejects every record.
use super::{Located, Record, UnitReader};
pub struct BlueskyReader;
impl UnitReader for BlueskyReader {
    fn read_unit(&self, _unit: &[u8], line: u64, out: &mut Vec<Located>) {
        out.push((line, Record::Rejected("reader not written yet".into())));
    }
}
