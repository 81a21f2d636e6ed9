//! Reading multipart forms with one file, and serving uploaded files to the people allowed to
//! see them.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::{HttpResponse, http::header, web};
use futures_util::StreamExt;

use super::ctx::Ctx;
use super::error::{AppError, AppResult};
use crate::db::uploads::{NewUpload, Upload};
use crate::domain::upload::{self, FileKind, UploadError};

/// A multipart form: its text fields and its one file (if a file was chosen).
#[derive(Debug, Default)]
pub struct FileForm {
    /// Text fields (first value of each name).
    pub fields: HashMap<String, String>,
    /// The file field's original name and content, or why it was refused while reading.
    pub file: Option<Result<(String, Vec<u8>), UploadError>>,
}

impl FileForm {
    /// A text field, or "".
    pub fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Text fields are small; the file may be up to [`upload::MAX_BYTES`].
const FIELD_LIMIT: usize = 4 * 1024;
/// A form has a handful of fields; more is an attack on the server, not a person filling it in.
const MAX_PARTS: usize = 32;

/// Reads a multipart form whose file input is named `file_field`.
pub async fn read_form(mut payload: Multipart, file_field: &str) -> Result<FileForm, AppError> {
    let mut form = FileForm::default();
    let mut parts = 0;
    while let Some(item) = payload.next().await {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::BadRequest);
        }
        let mut field = item.map_err(|_| AppError::BadRequest)?;
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            if form.file.is_some() {
                // One file per form: a second one is refused rather than read.
                return Err(AppError::BadRequest);
            }
            let filename = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect::<String>();
            let read = match field.bytes(upload::MAX_BYTES).await {
                Err(_) => Err(UploadError::TooLarge),
                Ok(Err(_)) => return Err(AppError::BadRequest),
                Ok(Ok(bytes)) if bytes.is_empty() && filename.is_empty() => continue,
                Ok(Ok(bytes)) => Ok((filename, bytes.to_vec())),
            };
            form.file = Some(read);
        } else {
            let bytes = match field.bytes(FIELD_LIMIT).await {
                Ok(Ok(b)) => b,
                _ => return Err(AppError::BadRequest),
            };
            let value = String::from_utf8(bytes.to_vec()).map_err(|_| AppError::BadRequest)?;
            if crate::web::form::has_control_characters(&value) {
                return Err(AppError::ControlCharacters);
            }
            form.fields.entry(name).or_insert(value);
        }
    }
    Ok(form)
}

/// Checks and stores a file for `account_id`; returns the upload id.
pub async fn store(
    ctx: &Ctx,
    account_id: i64,
    original_name: &str,
    bytes: Vec<u8>,
) -> Result<Result<i64, UploadError>, AppError> {
    let kind = match upload::check(&bytes) {
        Ok(kind) => kind,
        Err(e) => return Ok(Err(e)),
    };
    let size = i32::try_from(bytes.len()).map_err(|_| AppError::BadRequest)?;
    let (files, used) = {
        let mut conn = ctx.state.conn().await?;
        let since = ctx.state.clock.now() - chrono::Duration::days(1);
        crate::db::uploads::used_since(&mut conn, account_id, since).await?
    };
    if let Err(e) = upload::within_daily_quota(files, used, bytes.len()) {
        tracing::info!(account = account_id, files, "upload refused: daily quota");
        return Ok(Err(e));
    }
    let sha = ctx
        .state
        .storage
        .put(bytes)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut conn = ctx.state.conn().await?;
    let id = NewUpload {
        owner_account_id: account_id,
        sha256: &sha,
        content_type: kind.content_type(),
        byte_size: size,
        original_name: if original_name.is_empty() {
            "file"
        } else {
            original_name
        },
    }
    .insert(&mut conn)
    .await?;
    Ok(Ok(id))
}

/// Stores a file given for `material`: the photo must be a picture (`domain::upload::check_photo`),
/// any other material a JPEG, PNG or PDF.
pub async fn store_material(
    ctx: &Ctx,
    account_id: i64,
    material: crate::domain::materials::Material,
    original_name: &str,
    bytes: Vec<u8>,
) -> Result<Result<i64, UploadError>, AppError> {
    if material == crate::domain::materials::Material::Photo
        && let Err(e) = upload::check_photo(&bytes)
    {
        return Ok(Err(e));
    }
    store(ctx, account_id, original_name, bytes).await
}

/// The locale key for an upload refusal.
pub fn error_key(e: UploadError) -> &'static str {
    match e {
        UploadError::Empty => "upload-empty",
        UploadError::TooLarge => "upload-too-large",
        UploadError::WrongType => "upload-wrong-type",
        UploadError::NotAnImage => "upload-photo-not-image",
        UploadError::Damaged => "upload-damaged",
        UploadError::TooManyPixels => "upload-too-many-pixels",
        UploadError::OverQuota => "upload-over-quota",
    }
}

/// `GET /uploads/{id}` — only the owner sees a file; anyone else gets 404.
pub async fn show(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let account = ctx.require_account()?;
    let mut conn = ctx.state.conn().await?;
    let Some(upload) = Upload::find_owned(&mut conn, id.into_inner(), account.id).await? else {
        return Err(AppError::NotFound);
    };
    drop(conn);
    serve(&ctx, &upload).await
}

/// Sends a stored file with its sniffed type, never cached.
pub async fn serve(ctx: &Ctx, upload: &Upload) -> AppResult {
    let kind = FileKind::from_content_type(&upload.content_type).ok_or(AppError::NotFound)?;
    let bytes = ctx
        .state
        .storage
        .get(&upload.sha256)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type(kind.content_type())
        .insert_header((header::CONTENT_DISPOSITION, "inline"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
