//! Uploaded materials are checked by their content, never by their name (issue #4: JPEG, PNG or
//! PDF by magic bytes, at most 10 MB), and a picture by the size its header declares before
//! anything decodes it (issue #22: a 420 KB PNG can declare 12000 × 12000 pixels, half a
//! gigabyte once decoded).

/// The file types accepted for materials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// JPEG (starts `FF D8 FF`).
    Jpeg,
    /// PNG (starts with the 8-byte PNG signature).
    Png,
    /// PDF (starts `%PDF-`).
    Pdf,
}

/// Largest accepted file: 10 MB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Most pixels a picture may have: 50 million (a 48-megapixel phone photo; a scanned A4 page at
/// 600 dpi is 35 million).
pub const MAX_PIXELS: u64 = 50_000_000;

/// Longest side a picture may have, in pixels.
pub const MAX_SIDE: u32 = 12_000;

/// Files one account may upload in a day (issue #22: no account fills the store). A clerk
/// scanning in paper applications at a counter uploads some dozens.
pub const DAILY_FILES: i64 = 300;

/// Bytes one account may upload in a day: 1 GB.
pub const DAILY_BYTES: i64 = 1024 * 1024 * 1024;

/// Whether one more file of `size` bytes fits the day's quota after `files` files of `bytes`.
pub fn within_daily_quota(files: i64, bytes: i64, size: usize) -> Result<(), UploadError> {
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    if files >= DAILY_FILES || bytes.saturating_add(size) > DAILY_BYTES {
        Err(UploadError::OverQuota)
    } else {
        Ok(())
    }
}

/// Why a file was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    /// No file, or an empty one.
    #[error("the file is empty")]
    Empty,
    /// Larger than [`MAX_BYTES`].
    #[error("the file is larger than 10 MB")]
    TooLarge,
    /// Not a JPEG, PNG or PDF by content.
    #[error("the file is not a JPEG, PNG or PDF")]
    WrongType,
    /// A photo that is not an image (a PDF cannot be printed on the card).
    #[error("the photo is not a JPEG or PNG")]
    NotAnImage,
    /// A JPEG or PNG whose header cannot be read.
    #[error("the picture is damaged")]
    Damaged,
    /// A picture larger than [`MAX_PIXELS`] or [`MAX_SIDE`].
    #[error("the picture has too many pixels")]
    TooManyPixels,
    /// The account's uploads of the last day reached [`DAILY_FILES`] or [`DAILY_BYTES`].
    #[error("the day's upload quota is used up")]
    OverQuota,
}

/// 001 §二(一), 002 四, 003 附件1 #6, 004 附件2 七3: the 2-inch photo is printed on the card and
/// shown on the electronic certificate, so it must be a picture — a PDF “photo” cannot be shown.
pub fn check_photo(bytes: &[u8]) -> Result<FileKind, UploadError> {
    match check(bytes)? {
        FileKind::Pdf => Err(UploadError::NotAnImage),
        kind => Ok(kind),
    }
}

impl FileKind {
    /// The MIME type stored and served.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Pdf => "application/pdf",
        }
    }

    /// The kind for a stored MIME type.
    pub fn from_content_type(ct: &str) -> Option<FileKind> {
        [FileKind::Jpeg, FileKind::Png, FileKind::Pdf]
            .into_iter()
            .find(|k| k.content_type() == ct)
    }

    /// Recognises the content by its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else {
            None
        }
    }
}

/// Checks a whole file: not empty, not too large, and a JPEG, PNG or PDF by content.
pub fn check(bytes: &[u8]) -> Result<FileKind, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(UploadError::TooLarge);
    }
    let kind = FileKind::sniff(bytes).ok_or(UploadError::WrongType)?;
    let format = match kind {
        FileKind::Jpeg => image::ImageFormat::Jpeg,
        FileKind::Png => image::ImageFormat::Png,
        FileKind::Pdf => return Ok(kind),
    };
    // Only the header is read.
    let (width, height) = image::ImageReader::with_format(std::io::Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| UploadError::Damaged)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(UploadError::TooManyPixels);
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = include_bytes!("../../tests/fixtures/scan.jpg");
    const PNG: &[u8] = include_bytes!("../../tests/fixtures/photo.png");

    #[test]
    fn a_picture_is_measured_by_its_header_before_anything_decodes_it() {
        // A few hundred bytes declaring 12000 × 12000 (432 MB once decoded).
        let bomb = include_bytes!("../../tests/fixtures/bomb.png");
        assert_eq!(check(bomb), Err(UploadError::TooManyPixels));
        assert_eq!(check_photo(bomb), Err(UploadError::TooManyPixels));
        assert_eq!(
            check(b"\x89PNG\r\n\x1a\n not a header"),
            Err(UploadError::Damaged)
        );
        assert_eq!(
            check(b"\xFF\xD8\xFF\xE0 cut short"),
            Err(UploadError::Damaged)
        );
        // A PDF is stored as sent (nothing here decodes it).
        assert_eq!(check(b"%PDF-1.7\n"), Ok(FileKind::Pdf));
    }

    #[test]
    fn an_account_uploads_at_most_its_daily_quota() {
        assert_eq!(within_daily_quota(0, 0, MAX_BYTES), Ok(()));
        assert_eq!(within_daily_quota(DAILY_FILES - 1, 0, 1), Ok(()));
        assert_eq!(
            within_daily_quota(DAILY_FILES, 0, 1),
            Err(UploadError::OverQuota)
        );
        assert_eq!(within_daily_quota(1, DAILY_BYTES - 10, 10), Ok(()));
        assert_eq!(
            within_daily_quota(1, DAILY_BYTES - 10, 11),
            Err(UploadError::OverQuota)
        );
    }

    #[test]
    fn a_photo_must_be_a_picture() {
        assert_eq!(check_photo(JPEG), Ok(FileKind::Jpeg));
        assert_eq!(check_photo(b"%PDF-1.7 photo"), Err(UploadError::NotAnImage));
        assert_eq!(check_photo(b""), Err(UploadError::Empty));
    }

    #[test]
    fn files_are_recognised_by_content() {
        assert_eq!(check(JPEG), Ok(FileKind::Jpeg));
        assert_eq!(check(PNG), Ok(FileKind::Png));
        assert_eq!(check(b"%PDF-1.7\n"), Ok(FileKind::Pdf));
        assert_eq!(check(b""), Err(UploadError::Empty));
        assert_eq!(
            check(b"MZ\x90\x00 a Windows executable"),
            Err(UploadError::WrongType)
        );
        assert_eq!(check(b"\x7fELF"), Err(UploadError::WrongType));
        assert_eq!(check(b"<svg onload=alert(1)>"), Err(UploadError::WrongType));
        assert_eq!(check(b"%PD"), Err(UploadError::WrongType));
        let big = vec![0xFFu8; MAX_BYTES + 1];
        assert_eq!(check(&big), Err(UploadError::TooLarge));
        let mut max = vec![0u8; MAX_BYTES];
        max[..5].copy_from_slice(b"%PDF-");
        assert_eq!(check(&max), Ok(FileKind::Pdf));
    }

    #[test]
    fn content_types_round_trip() {
        for k in [FileKind::Jpeg, FileKind::Png, FileKind::Pdf] {
            assert_eq!(FileKind::from_content_type(k.content_type()), Some(k));
        }
        assert_eq!(FileKind::from_content_type("text/html"), None);
    }
}
