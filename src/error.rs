//! Error kinds that decide the exit code: bad input is a [`DataError`] (exit 3),
//! anything else that fails is a runtime error (exit 1). Usage errors come from clap
//! (exit 2).

/// Bad input: a value, a line of a file or an id the user gave. The message names the
/// field, the value and, where possible, the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DataError(pub String);

impl DataError {
    pub fn new(message: impl Into<String>) -> Self {
        DataError(message.into())
    }
}

impl From<crate::model::UnknownValue> for DataError {
    fn from(e: crate::model::UnknownValue) -> Self {
        DataError(e.to_string())
    }
}

impl From<crate::links::UrlError> for DataError {
    fn from(e: crate::links::UrlError) -> Self {
        DataError(e.to_string())
    }
}

/// Whether an error chain is the user's bad input rather than a failure of ours.
pub fn is_data_error(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.is::<DataError>()
            || cause.is::<crate::model::UnknownValue>()
            || cause.is::<crate::links::UrlError>()
    })
}
