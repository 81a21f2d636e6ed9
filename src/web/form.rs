//! Form errors: one message per field, shown in the error summary and next to the field; and
//! the field parsers shared by several forms.

use crate::domain::id_number::IdNumberError;
use crate::domain::person_name::RealNameError;
use crate::domain::{IdNumber, RealName};
use crate::i18n::Lang;
use crate::web::error::AppError;

/// A field's error: the field's id (the summary links to `#id`) and the localised message.
#[derive(Debug, Clone)]
pub struct FieldError {
    /// The input's id.
    pub field: String,
    /// Localised message.
    pub message: String,
}

/// The errors of one submitted form, in the order the fields appear.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// Adds an error for `field`.
    pub fn add(&mut self, field: impl Into<String>, message: String) {
        self.0.push(FieldError {
            field: field.into(),
            message,
        });
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

/// Parses a real name into `errors[field]`; `empty_key` names the message for a blank field.
pub fn real_name(
    errors: &mut FormErrors,
    lang: Lang,
    field: &'static str,
    input: &str,
    empty_key: &str,
) -> Option<RealName> {
    parsed_name(errors, lang, field, RealName::parse(input), empty_key)
}

/// A parsed name, or its refusal in `errors[field]` (`empty_key` for a blank field).
pub fn parsed_name(
    errors: &mut FormErrors,
    lang: Lang,
    field: &'static str,
    parsed: Result<RealName, RealNameError>,
    empty_key: &str,
) -> Option<RealName> {
    parsed
        .map_err(|e| {
            errors.add(
                field,
                lang.t(match e {
                    RealNameError::Empty => empty_key,
                    RealNameError::Length => "register-name-length",
                    RealNameError::Characters => "register-name-characters",
                }),
            )
        })
        .ok()
}

/// Parses a resident ID number (refusing a birth date after today in China) into
/// `errors[field]`; `empty_key` names the message for a blank field.
pub fn id_number(
    errors: &mut FormErrors,
    lang: Lang,
    field: &'static str,
    input: &str,
    empty_key: &str,
    today: chrono::NaiveDate,
) -> Option<IdNumber> {
    match IdNumber::parse(input) {
        Ok(id) if id.birth_date() > today => {
            errors.add(field, lang.t("id-number-future"));
            None
        }
        Ok(id) => Some(id),
        Err(e) => {
            errors.add(
                field,
                lang.t(match e {
                    IdNumberError::Empty => empty_key,
                    IdNumberError::Format => "id-number-format",
                    IdNumberError::BirthDate => "id-number-birth-date",
                    IdNumberError::Checksum => "id-number-checksum",
                }),
            );
            None
        }
    }
}

/// Whether `text` holds a control character other than tab and line breaks (NUL, escape, DEL,
/// C1 …): the database cannot store some of them and no person types them (issue #22).
pub fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// `text` without the control characters [`has_control_characters`] finds.
pub fn without_control_characters(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// A form body (`application/x-www-form-urlencoded`) read as `web::Form` reads it (415 for other
/// types, 413 over the form limit, 400 when it does not parse), refusing a name or value that holds
/// a control character with 422 and a page that says so ([`AppError::ControlCharacters`]).
#[derive(Debug)]
pub struct Form<T>(pub T);

impl<T> Form<T> {
    /// The parsed form.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Form<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for Form<T> {
    type Error = actix_web::Error;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(
        req: &actix_web::HttpRequest,
        payload: &mut actix_web::dev::Payload,
    ) -> Self::Future {
        // Read as a field form; any field that held a control character refuses the whole form.
        let read = FieldForm::<T>::from_request(req, payload);
        Box::pin(async move {
            let form = read.await?;
            if !form.refused.is_empty() {
                return Err(AppError::ControlCharacters.into());
            }
            Ok(Form(form.value))
        })
    }
}

/// A form body read as [`Form`] reads it, except that a control character in a value is refused
/// at its field rather than with a page of its own: the characters are taken out, and
/// [`FieldForm::into_parts`] gives the form with an error at each field that held one, for the
/// handler to show with the rest (the text kept without them, nothing saved). A control character
/// in a name is refused as [`Form`] refuses it.
#[derive(Debug)]
pub struct FieldForm<T> {
    value: T,
    refused: Vec<String>,
}

impl<T> FieldForm<T> {
    /// The form, and its errors so far: one at each field that held a control character.
    pub fn into_parts(self, lang: Lang) -> (T, FormErrors) {
        let mut errors = FormErrors::default();
        for field in self.refused {
            errors.add(field, lang.t("field-control-characters"));
        }
        (self.value, errors)
    }
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for FieldForm<T> {
    type Error = actix_web::Error;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(
        req: &actix_web::HttpRequest,
        payload: &mut actix_web::dev::Payload,
    ) -> Self::Future {
        let body = actix_web::web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let mut fields = Fields::from(body.await?.into_inner());
            if fields.0.iter().any(|(k, _)| has_control_characters(k)) {
                return Err(AppError::ControlCharacters.into());
            }
            let refused = fields.remove_control_characters();
            let encoded =
                serde_urlencoded::to_string(&fields.0).map_err(|_| AppError::BadRequest)?;
            let value = serde_urlencoded::from_str(&encoded).map_err(|_| AppError::BadRequest)?;
            Ok(FieldForm { value, refused })
        })
    }
}

/// An `application/x-www-form-urlencoded` body read in order, with repeated names (checkboxes).
/// Taken from `web::Form<Vec<(String, String)>>`, which refuses other content types (415) and
/// bodies over the form limit (413).
#[derive(Debug, Default, Clone)]
pub struct Fields(Vec<(String, String)>);

impl From<Vec<(String, String)>> for Fields {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Fields(pairs)
    }
}

impl Fields {
    /// The first value of `name`, trimmed and at most 2,000 characters, or "".
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().chars().take(2000).collect())
            .unwrap_or_default()
    }

    /// The first value of every name, as [`Fields::get`] reads it.
    pub fn first_values(&self) -> std::collections::BTreeMap<String, String> {
        let mut first = std::collections::BTreeMap::new();
        for (k, v) in &self.0 {
            first
                .entry(k.clone())
                .or_insert_with(|| v.trim().chars().take(2000).collect());
        }
        first
    }

    /// Every non-empty value of `name` (at most 20).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.chars().take(100).collect())
            .take(20)
            .collect()
    }

    /// Removes control characters from every value ([`has_control_characters`]); the names of
    /// the fields that held some, in order.
    pub fn remove_control_characters(&mut self) -> Vec<String> {
        let mut names = Vec::new();
        for (k, v) in &mut self.0 {
            if has_control_characters(v) {
                *v = without_control_characters(v);
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
        names
    }

    /// Whether `name` was sent.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}
