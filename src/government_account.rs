//! Signing in with the provincial government account (统一身份认证) over OpenID Connect: the
//! authorization code flow with PKCE, a nonce and a state, and the real-name claims (name, ID
//! number, assurance level) taken from the verified ID token. The provider's metadata and keys are
//! discovered from its issuer URL (and read again after an hour or when a token's key is unknown);
//! its issuer must be exactly the one configured. Off unless an issuer, client id and secret are
//! set.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, IdTokenFields, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use crate::config::Settings;
use crate::domain::IdNumber;

/// The ID token's claims besides the standard ones (the ID number's claim is configured).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RealNameClaims {
    #[serde(flatten)]
    extra: HashMap<String, serde_json::Value>,
}

impl AdditionalClaims for RealNameClaims {}

type Fields = IdTokenFields<
    RealNameClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type GovClient = Client<
    RealNameClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// How long discovered metadata (endpoints and keys) is used before it is read again.
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// The configured provider.
pub struct GovernmentAccount {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect: RedirectUrl,
    id_number_claim: String,
    verified_levels: Vec<String>,
    http: reqwest::Client,
    metadata: RwLock<Option<(Instant, CoreProviderMetadata)>>,
}

/// What the browser carries to the provider and what the portal keeps in the session to check
/// the answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Started {
    /// Where to send the browser.
    #[serde(skip)]
    pub url: String,
    /// The `state` the answer must carry.
    pub state: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier for the code exchange.
    pub pkce_verifier: String,
}

/// The real-name identity the provider vouches for.
#[derive(Debug, Clone)]
pub struct RealName {
    /// `issuer subject`: the government account, stable across sign-ins.
    pub subject: String,
    /// The real name.
    pub name: String,
    /// The resident ID number.
    pub id_number: IdNumber,
    /// The mobile number, when the provider shares a verified one.
    pub phone: Option<String>,
    /// Whether the assurance level (`acr`) is one the portal accepts as verified.
    pub verified_level: bool,
}

/// Why a sign-in with the government account failed.
#[derive(Debug, thiserror::Error)]
pub enum GovernmentAccountError {
    /// The provider could not be reached or described itself wrongly (e.g. another issuer).
    #[error("the provider's metadata: {0}")]
    Discovery(String),
    /// The answer's `state` is not the one this session started with.
    #[error("state does not match")]
    State,
    /// The provider answered with an error (e.g. the person cancelled).
    #[error("the provider refused: {0}")]
    Refused(String),
    /// Exchanging the code failed.
    #[error("code exchange: {0}")]
    Exchange(String),
    /// The ID token is missing or not valid (signature, issuer, audience, nonce, expiry).
    #[error("ID token: {0}")]
    IdToken(String),
    /// The token lacks the real-name claims or they are malformed.
    #[error("the real-name claims are missing or malformed")]
    Claims,
}

impl GovernmentAccount {
    /// The provider the settings describe, or `None` when no issuer is configured.
    pub fn from_settings(settings: &Settings, base_url: &str) -> anyhow::Result<Option<Self>> {
        let Some(issuer) = &settings.oidc_issuer else {
            return Ok(None);
        };
        let (Some(id), Some(secret)) = (&settings.oidc_client_id, &settings.oidc_client_secret)
        else {
            anyhow::bail!(
                "PORTAL_OIDC_ISSUER is set: set PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET too"
            );
        };
        Ok(Some(GovernmentAccount {
            issuer: IssuerUrl::new(issuer.clone())?,
            client_id: ClientId::new(id.clone()),
            client_secret: ClientSecret::new(secret.clone()),
            redirect: RedirectUrl::new(format!("{base_url}/login/government/callback"))?,
            id_number_claim: settings.oidc_id_number_claim.clone(),
            verified_levels: settings
                .oidc_verified_acr
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
            // No redirects: following them would let a provider's answer reach other hosts.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()?,
            metadata: RwLock::new(None),
        }))
    }

    async fn metadata(&self, fresh: bool) -> Result<CoreProviderMetadata, GovernmentAccountError> {
        if !fresh
            && let Some((at, m)) = &*self.metadata.read().await
            && at.elapsed() < METADATA_TTL
        {
            return Ok(m.clone());
        }
        let m = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| GovernmentAccountError::Discovery(e.to_string()))?;
        *self.metadata.write().await = Some((Instant::now(), m.clone()));
        Ok(m)
    }

    async fn client(&self, fresh: bool) -> Result<GovClient, GovernmentAccountError> {
        let metadata = self.metadata(fresh).await?;
        Ok(GovClient::from_provider_metadata(
            metadata,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone()))
    }

    /// Starts a sign-in: the provider's authorization URL with a fresh state, nonce and PKCE
    /// challenge (keep the returned values in the session).
    pub async fn start(&self) -> Result<Started, GovernmentAccountError> {
        let client = self.client(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".to_owned()))
            .add_scope(Scope::new("phone".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a sign-in: checks the returned `state`, exchanges the code and verifies the ID
    /// token (signature, issuer, audience, expiry, nonce); the real-name identity it carries.
    pub async fn finish(
        &self,
        started: &Started,
        state: &str,
        code: &str,
    ) -> Result<RealName, GovernmentAccountError> {
        use subtle::ConstantTimeEq;
        if !bool::from(state.as_bytes().ct_eq(started.state.as_bytes())) {
            return Err(GovernmentAccountError::State);
        }
        let client = self.client(false).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| GovernmentAccountError::Exchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(started.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| GovernmentAccountError::Exchange(format!("{e:?}")))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| GovernmentAccountError::IdToken("missing".to_owned()))?;
        let nonce = Nonce::new(started.nonce.clone());
        let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(c) => c.clone(),
            // The provider may have rotated its keys since they were read: read them once more.
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
                let client = self.client(true).await?;
                id_token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|e| GovernmentAccountError::IdToken(e.to_string()))?
                    .clone()
            }
            Err(e) => return Err(GovernmentAccountError::IdToken(e.to_string())),
        };
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().trim().to_owned())
            .filter(|n| !n.is_empty())
            .ok_or(GovernmentAccountError::Claims)?;
        let id_number = claims
            .additional_claims()
            .extra
            .get(&self.id_number_claim)
            .and_then(|v| v.as_str())
            .and_then(|v| IdNumber::parse(v).ok())
            .ok_or(GovernmentAccountError::Claims)?;
        let phone = claims
            .phone_number()
            .filter(|_| claims.phone_number_verified() == Some(true))
            .and_then(|p| crate::domain::MobileNumber::parse(p.as_str()).ok())
            .map(|p| p.as_str().to_owned());
        let verified_level = claims
            .auth_context_ref()
            .is_some_and(|acr| self.verified_levels.iter().any(|l| l == acr.as_str()));
        Ok(RealName {
            subject: format!("{} {}", claims.issuer().as_str(), claims.subject().as_str()),
            name,
            id_number,
            phone,
            verified_level,
        })
    }
}
