//! Form errors: one message per field, shown in the error summary and next to the field.

/// A field's error: the field's id (the summary links to `#id`) and the localised message.
#[derive(Debug, Clone)]
pub struct FieldError {
    /// The input's id.
    pub field: &'static str,
    /// Localised message.
    pub message: String,
}

/// The errors of one submitted form, in the order the fields appear.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// Adds an error for `field`.
    pub fn add(&mut self, field: &'static str, message: String) {
        self.0.push(FieldError { field, message });
    }

    /// The error of `field`, if any (first one wins).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Whether there are no errors.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All errors, for the summary.
    pub fn all(&self) -> &[FieldError] {
        &self.0
    }
}
