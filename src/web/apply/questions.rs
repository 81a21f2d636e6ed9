//! The building blocks of a question page (GOV.UK patterns): text inputs, radios and checkboxes in
//! a fieldset with a legend, selects, and sub-headings for the questions that belong to one
//! answer. One template (`apply/section.html`) renders them all, so every page gets the same
//! labels, hints, errors and `aria-describedby`.

use crate::web::form::FormErrors;

/// One option of a radio group, checkbox group or select.
#[derive(Debug, Clone)]
pub struct Opt {
    /// Submitted value.
    pub value: String,
    /// Visible label.
    pub label: String,
    /// Hint under the label (may be empty).
    pub hint: String,
    /// Checked / selected.
    pub checked: bool,
}

impl Opt {
    /// An option checked when `current` equals `value`.
    pub fn new(value: impl Into<String>, label: String, current: &str) -> Self {
        let value = value.into();
        let checked = value == current;
        Opt {
            value,
            label,
            hint: String::new(),
            checked,
        }
    }

    /// An option checked when `current` holds `value`.
    pub fn among(value: impl Into<String>, label: String, current: &[String]) -> Self {
        let value = value.into();
        let checked = current.contains(&value);
        Opt {
            value,
            label,
            hint: String::new(),
            checked,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: String) -> Self {
        self.hint = hint;
        self
    }
}

/// A text input.
#[derive(Debug, Clone)]
pub struct Text {
    /// Field name and id.
    pub name: &'static str,
    /// Label.
    pub label: String,
    /// Hint.
    pub hint: String,
    /// Current value.
    pub value: String,
    /// Error message.
    pub error: Option<String>,
    /// `text`, `tel`, `email`.
    pub kind: &'static str,
    /// `autocomplete` token (may be empty).
    pub autocomplete: &'static str,
    /// Width class (`input-w20` …, may be empty).
    pub width: &'static str,
    /// A multi-line answer.
    pub multiline: bool,
}

/// Radios or checkboxes in a fieldset.
#[derive(Debug, Clone)]
pub struct Choices {
    /// `radio` or `checkbox`.
    pub kind: &'static str,
    /// Field name; option ids are `name-value`.
    pub name: &'static str,
    /// Legend.
    pub legend: String,
    /// Hint.
    pub hint: String,
    /// Options.
    pub options: Vec<Opt>,
    /// Error message.
    pub error: Option<String>,
}

impl Choices {
    /// The id of the first option (what the error summary links to).
    pub fn first_id(&self) -> String {
        self.options
            .first()
            .map(|o| format!("{}-{}", self.name, o.value))
            .unwrap_or_else(|| self.name.to_owned())
    }
}

/// A select, optionally with a button that reloads the page to fill the next select (the
/// address cascade without JavaScript).
#[derive(Debug, Clone)]
pub struct Select {
    /// Field name and id.
    pub name: &'static str,
    /// Label.
    pub label: String,
    /// Hint.
    pub hint: String,
    /// The empty choice's text.
    pub placeholder: String,
    /// Options.
    pub options: Vec<Opt>,
    /// Error message.
    pub error: Option<String>,
    /// The refresh button's label, when the next select depends on this one.
    pub refresh: Option<String>,
    /// The select this one fills (for the JavaScript enhancement).
    pub fills: &'static str,
}

impl Select {
    /// The `autocomplete` of an address list: `section-hukou address-level1` for the hukou
    /// province, down to `address-level4` for the township; "" for other lists.
    pub fn autocomplete(&self) -> String {
        let Some((section, part)) = self.name.split_once('_') else {
            return String::new();
        };
        let level = match part {
            "province" => 1,
            "city" => 2,
            "county" => 3,
            "township" => 4,
            _ => return String::new(),
        };
        format!("section-{section} address-level{level}")
    }
}

/// One element of a question page.
#[derive(Debug, Clone)]
pub enum Question {
    /// A text input.
    Text(Text),
    /// Radios or checkboxes.
    Choices(Choices),
    /// A select.
    Select(Select),
    /// A sub-heading for the questions that follow; with a condition (`name:value,value`) the
    /// group is shown by script only while that answer is chosen (all shown without script).
    Heading(String, &'static str),
    /// A paragraph of explanation.
    Para(String),
    /// A warning paragraph (e.g. why a service is not available).
    Warning(String),
    /// A link (href, text).
    Link(String, String),
}

/// Builds questions with errors taken from the form's errors.
pub struct Builder<'a> {
    errors: &'a FormErrors,
    /// The questions built so far.
    pub questions: Vec<Question>,
}

impl<'a> Builder<'a> {
    /// A builder reading errors from `errors`.
    pub fn new(errors: &'a FormErrors) -> Self {
        Builder {
            errors,
            questions: vec![],
        }
    }

    fn error(&self, id: &str) -> Option<String> {
        self.errors.get(id).map(str::to_owned)
    }

    /// A single-line text input.
    pub fn text(
        &mut self,
        name: &'static str,
        label: String,
        hint: String,
        value: &str,
        autocomplete: &'static str,
    ) -> &mut Text {
        let error = self.error(name);
        self.questions.push(Question::Text(Text {
            name,
            label,
            hint,
            value: value.to_owned(),
            error,
            kind: "text",
            autocomplete,
            width: "",
            multiline: false,
        }));
        match self.questions.last_mut() {
            Some(Question::Text(t)) => t,
            _ => unreachable!("just pushed a text question"),
        }
    }

    /// Radios (`kind = "radio"`) or checkboxes (`"checkbox"`).
    pub fn choices(
        &mut self,
        kind: &'static str,
        name: &'static str,
        legend: String,
        hint: String,
        options: Vec<Opt>,
    ) {
        let mut c = Choices {
            kind,
            name,
            legend,
            hint,
            options,
            error: None,
        };
        c.error = self.error(&c.first_id());
        self.questions.push(Question::Choices(c));
    }

    /// A select.
    #[expect(clippy::too_many_arguments, reason = "one call per select reads best")]
    pub fn select(
        &mut self,
        name: &'static str,
        label: String,
        placeholder: String,
        options: Vec<Opt>,
        refresh: Option<String>,
        fills: &'static str,
        hint: String,
    ) {
        let error = self.error(name);
        self.questions.push(Question::Select(Select {
            name,
            label,
            hint,
            placeholder,
            options,
            error,
            refresh,
            fills,
        }));
    }

    /// A sub-heading.
    pub fn heading(&mut self, text: String) {
        self.questions.push(Question::Heading(text, ""));
    }

    /// A sub-heading for questions that only matter when answer `when` (`name:v1,v2`) is chosen.
    pub fn heading_when(&mut self, text: String, when: &'static str) {
        self.questions.push(Question::Heading(text, when));
    }

    /// A paragraph.
    pub fn para(&mut self, text: String) {
        self.questions.push(Question::Para(text));
    }

    /// A link.
    pub fn link(&mut self, href: String, text: String) {
        self.questions.push(Question::Link(href, text));
    }

    /// A warning.
    pub fn warning(&mut self, text: String) {
        self.questions.push(Question::Warning(text));
    }
}
