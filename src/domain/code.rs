//! Stable codes: how the rules' enums are written in storage and in locale keys. The database
//! layer reads and writes every type that implements [`Code`] (`db::codes`), so states, kinds and
//! statuses cross the layers as enums, and a string meets them only here.

/// An enum with a stable text code.
pub trait Code: Sized + Copy + 'static {
    /// The stable code.
    fn code(self) -> &'static str;
    /// The value with this code.
    fn from_code(code: &str) -> Option<Self>;
}

/// Implements [`Code`] by the type's own `code` and `from_code`.
macro_rules! impl_code {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::domain::code::Code for $ty {
            fn code(self) -> &'static str {
                <$ty>::code(self)
            }
            fn from_code(code: &str) -> Option<Self> {
                <$ty>::from_code(code)
            }
        }
    )*};
}

impl_code!(
    super::item::ItemKind,
    super::office::OfficeKind,
    super::representation::RepresentationStatus,
    super::representation::RepresentationKind,
    super::workflow::ItemState,
    super::service_flow::ServiceState,
    super::review::ReviewState,
    super::certificate::CertificateStatus,
);

#[cfg(test)]
mod tests {
    use super::Code;
    use crate::domain::CertificateStatus;
    use crate::domain::item::ItemKind;
    use crate::domain::review::ReviewState;
    use crate::domain::service_flow::ServiceState;
    use crate::domain::workflow::ItemState;

    fn round_trips<T: Code + PartialEq + std::fmt::Debug>(all: &[T]) {
        for &v in all {
            assert_eq!(T::from_code(v.code()), Some(v), "{v:?}");
        }
        assert_eq!(T::from_code("no-such-code"), None);
    }

    #[test]
    fn every_code_reads_back_as_its_value() {
        round_trips(&ItemKind::ALL);
        round_trips(&ItemState::ALL);
        round_trips(&ServiceState::ALL);
        round_trips(&ReviewState::ALL);
        round_trips(&CertificateStatus::ALL);
    }
}
