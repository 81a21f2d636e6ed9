// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (id) {
        id -> Int8,
        real_name -> Text,
        id_number -> Nullable<Text>,
        phone -> Text,
        email -> Nullable<Text>,
        password_hash -> Text,
        roles -> Array<Text>,
        session_epoch -> Int4,
        is_demo -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        identity -> Text,
        identity_source -> Nullable<Text>,
        identity_verified_at -> Nullable<Timestamptz>,
        oidc_subject -> Nullable<Text>,
        phone_confirmed_at -> Nullable<Timestamptz>,
        lang -> Text,
        notice_lang -> Nullable<Text>,
        notify_email -> Bool,
        notify_sms -> Bool,
    }
}

diesel::table! {
    annual_reviews (id) {
        id -> Int8,
        certificate_id -> Int8,
        year -> Int4,
        account_id -> Int8,
        changed -> Nullable<Text>,
        reviewed_at -> Timestamptz,
    }
}

diesel::table! {
    application_items (id) {
        id -> Int8,
        application_id -> Int8,
        kind -> Text,
        code -> Text,
        status -> Text,
        handling_county -> Nullable<Text>,
        approving_county -> Nullable<Text>,
        state_since -> Nullable<Date>,
        used_days -> Int4,
        deadline -> Nullable<Date>,
        institution_id -> Nullable<Int8>,
        version -> Int4,
        conclusion_meets -> Nullable<Bool>,
        conclusion_category -> Nullable<Int2>,
        conclusion_grade -> Nullable<Int2>,
        conclusion_components -> Nullable<Jsonb>,
        certificate_id -> Nullable<Int8>,
        attended_on -> Nullable<Date>,
    }
}

diesel::table! {
    application_materials (application_id, material) {
        application_id -> Int8,
        material -> Text,
        upload_id -> Int8,
    }
}

diesel::table! {
    applications (id) {
        id -> Int8,
        reference -> Text,
        draft_id -> Int8,
        account_id -> Int8,
        person_id -> Int8,
        applying_as -> Text,
        matter -> Nullable<Text>,
        handling_county -> Text,
        approving_county -> Text,
        answers -> Jsonb,
        status -> Text,
        submitted_at -> Timestamptz,
        first_deadline -> Date,
        lang -> Text,
        handling_township -> Nullable<Text>,
        old_card -> Nullable<Text>,
        old_card_on -> Nullable<Date>,
        channel -> Text,
        entered_by -> Nullable<Int8>,
    }
}

diesel::table! {
    appointments (item_id) {
        item_id -> Int8,
        institution_id -> Int8,
        session_id -> Nullable<Int8>,
        home_visit -> Bool,
        moves -> Int4,
        reminded_for -> Nullable<Date>,
        booked_at -> Timestamptz,
    }
}

diesel::table! {
    assessment_sessions (id) {
        id -> Int8,
        institution_id -> Int8,
        day -> Date,
        starts_at -> Time,
        ends_at -> Time,
        place -> Text,
        capacity -> Int4,
        booked -> Int4,
        home_area -> Nullable<Text>,
        created_by -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        at -> Timestamptz,
        actor_account_id -> Int8,
        office_id -> Nullable<Int8>,
        application_id -> Nullable<Int8>,
        what -> Text,
        subject_account_id -> Nullable<Int8>,
        person_id -> Nullable<Int8>,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        notice_year -> Int4,
    }
}

diesel::table! {
    calendar_years (year) {
        year -> Int4,
        source -> Text,
    }
}

diesel::table! {
    certificates (id) {
        id -> Int8,
        person_id -> Int8,
        number -> Text,
        category -> Int2,
        grade -> Int2,
        components -> Jsonb,
        issued_on -> Date,
        valid_from -> Date,
        expires_on -> Date,
        status -> Text,
        status_version -> Int4,
        status_since -> Date,
        issuing_county -> Text,
        issuing_office_id -> Nullable<Int8>,
        photo_upload_id -> Nullable<Int8>,
        application_id -> Nullable<Int8>,
        superseded_by -> Nullable<Int8>,
        hukou_moved_on -> Nullable<Date>,
        renewal_reminded_at -> Nullable<Timestamptz>,
        expiry_reminded_at -> Nullable<Timestamptz>,
        freeze_noticed_at -> Nullable<Timestamptz>,
        cancel_noticed_at -> Nullable<Timestamptz>,
        card_due -> Nullable<Date>,
        card_method -> Nullable<Text>,
        card_tracking -> Nullable<Text>,
        card_sent_on -> Nullable<Date>,
        card_delivered_on -> Nullable<Date>,
        created_at -> Timestamptz,
        proposed_step -> Nullable<Text>,
        proposed_on -> Nullable<Date>,
        review_reminded_year -> Nullable<Int4>,
    }
}

diesel::table! {
    divisions (code) {
        code -> Text,
        name -> Text,
        level -> Int2,
        parent_code -> Nullable<Text>,
        statistical_only -> Bool,
    }
}

diesel::table! {
    drafts (id) {
        id -> Int8,
        account_id -> Int8,
        answers -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        warned_at -> Nullable<Timestamptz>,
        submitted_at -> Nullable<Timestamptz>,
        person_id -> Nullable<Int8>,
        channel -> Text,
    }
}

diesel::table! {
    education_levels (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    ethnic_groups (code) {
        code -> Text,
        name -> Text,
        alpha_code -> Text,
    }
}

diesel::table! {
    inbox_messages (id) {
        id -> Int8,
        account_id -> Int8,
        kind -> Text,
        params -> Jsonb,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    item_events (id) {
        id -> Int8,
        item_id -> Int8,
        at -> Timestamptz,
        actor_account_id -> Nullable<Int8>,
        actor_role -> Text,
        office_id -> Nullable<Int8>,
        command -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        note -> Jsonb,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Int4,
        window_start -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    marital_statuses (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    offices (id) {
        id -> Int8,
        kind -> Text,
        division_code -> Text,
        department -> Nullable<Text>,
        name -> Text,
        address -> Nullable<Text>,
        phone -> Nullable<Text>,
        hours -> Nullable<Text>,
        online -> Nullable<Text>,
        accessibility -> Nullable<Text>,
        appointment_moves -> Int4,
        move_notice_days -> Int4,
    }
}

diesel::table! {
    one_time_codes (id) {
        id -> Int8,
        purpose -> Text,
        subject_id -> Int8,
        code_hash -> Text,
        attempts -> Int4,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    outbox (id) {
        id -> Int8,
        key -> Text,
        channel -> Text,
        account_id -> Nullable<Int8>,
        recipient -> Text,
        lang -> Text,
        kind -> Text,
        params -> Jsonb,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamptz>,
        failed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Int8,
        account_id -> Int8,
        token_hash -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    pending_registrations (id) {
        id -> Int8,
        real_name -> Text,
        id_number -> Text,
        phone -> Text,
        email -> Nullable<Text>,
        password_hash -> Text,
        lang -> Text,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    people (id) {
        id -> Int8,
        id_number -> Text,
        real_name -> Text,
        account_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        name_verified -> Bool,
        phone -> Nullable<Text>,
        notice_lang -> Nullable<Text>,
        notify_sms -> Bool,
    }
}

diesel::table! {
    public_objections (id) {
        id -> Int8,
        publication_id -> Int8,
        county_code -> Text,
        sender_name -> Text,
        sender_contact -> Text,
        body -> Text,
        received_at -> Timestamptz,
        handled_at -> Nullable<Timestamptz>,
        handled_by -> Nullable<Int8>,
        handled_note -> Nullable<Text>,
    }
}

diesel::table! {
    publications (id) {
        id -> Int8,
        item_id -> Int8,
        province_code -> Text,
        city_code -> Text,
        county_code -> Text,
        masked_name -> Text,
        masked_id -> Text,
        category -> Int2,
        grade -> Int2,
        published_on -> Date,
        objection_until -> Nullable<Date>,
        shown_until -> Date,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        tat -> Timestamptz,
        granted -> Int4,
    }
}

diesel::table! {
    ratings (item_id) {
        item_id -> Int8,
        account_id -> Int8,
        office_id -> Nullable<Int8>,
        code -> Text,
        rating -> Text,
        comment -> Nullable<Text>,
        rated_at -> Timestamptz,
    }
}

diesel::table! {
    reference_counters (county, day) {
        county -> Text,
        day -> Date,
        last -> Int4,
    }
}

diesel::table! {
    relationships (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    representations (id) {
        id -> Int8,
        account_id -> Int8,
        person_id -> Int8,
        kind -> Text,
        relationship_code -> Text,
        proof_upload_id -> Int8,
        created_at -> Timestamptz,
        status -> Text,
        claimed_name -> Text,
        confirmed_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamptz>,
        decided_by -> Nullable<Int8>,
        county -> Nullable<Text>,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    result_lookups (person_id) {
        person_id -> Int8,
        id_number -> Text,
        real_name -> Text,
        item_id -> Int8,
        status -> Text,
        state_since -> Nullable<Date>,
        meets -> Bool,
        category -> Nullable<Int2>,
        grade -> Nullable<Int2>,
        county -> Text,
        objection_until -> Nullable<Date>,
        review_status -> Nullable<Text>,
        published -> Bool,
    }
}

diesel::table! {
    review_requests (item_id) {
        item_id -> Int8,
        matter_item_id -> Int8,
        filed_by -> Int8,
        filed_on -> Date,
        window_closes -> Nullable<Date>,
        reasons -> Text,
        attachment_id -> Nullable<Int8>,
        appointment_on -> Nullable<Date>,
        appointment_place -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (key_hash) {
        key_hash -> Text,
        state -> Jsonb,
        account_id -> Nullable<Int8>,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    staff_assignments (account_id, role) {
        account_id -> Int8,
        role -> Text,
        office_id -> Int8,
    }
}

diesel::table! {
    staff_digests (account_id, role, day) {
        account_id -> Int8,
        role -> Text,
        day -> Date,
        sent_at -> Timestamptz,
    }
}

diesel::table! {
    upload_blobs (sha256) {
        sha256 -> Text,
        bytes -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    uploads (id) {
        id -> Int8,
        owner_account_id -> Int8,
        sha256 -> Text,
        content_type -> Text,
        byte_size -> Int4,
        original_name -> Text,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(annual_reviews -> accounts (account_id));
diesel::joinable!(annual_reviews -> certificates (certificate_id));
diesel::joinable!(application_items -> applications (application_id));
diesel::joinable!(application_items -> certificates (certificate_id));
diesel::joinable!(application_items -> offices (institution_id));
diesel::joinable!(application_materials -> applications (application_id));
diesel::joinable!(application_materials -> uploads (upload_id));
diesel::joinable!(applications -> accounts (account_id));
diesel::joinable!(applications -> people (person_id));
diesel::joinable!(appointments -> application_items (item_id));
diesel::joinable!(appointments -> assessment_sessions (session_id));
diesel::joinable!(appointments -> offices (institution_id));
diesel::joinable!(assessment_sessions -> accounts (created_by));
diesel::joinable!(assessment_sessions -> offices (institution_id));
diesel::joinable!(audit_log -> applications (application_id));
diesel::joinable!(audit_log -> offices (office_id));
diesel::joinable!(audit_log -> people (person_id));
diesel::joinable!(certificates -> applications (application_id));
diesel::joinable!(certificates -> divisions (issuing_county));
diesel::joinable!(certificates -> offices (issuing_office_id));
diesel::joinable!(certificates -> people (person_id));
diesel::joinable!(certificates -> uploads (photo_upload_id));
diesel::joinable!(drafts -> accounts (account_id));
diesel::joinable!(drafts -> people (person_id));
diesel::joinable!(inbox_messages -> accounts (account_id));
diesel::joinable!(item_events -> accounts (actor_account_id));
diesel::joinable!(item_events -> application_items (item_id));
diesel::joinable!(item_events -> offices (office_id));
diesel::joinable!(offices -> divisions (division_code));
diesel::joinable!(outbox -> accounts (account_id));
diesel::joinable!(password_resets -> accounts (account_id));
diesel::joinable!(people -> accounts (account_id));
diesel::joinable!(public_objections -> accounts (handled_by));
diesel::joinable!(public_objections -> divisions (county_code));
diesel::joinable!(public_objections -> publications (publication_id));
diesel::joinable!(publications -> application_items (item_id));
diesel::joinable!(publications -> divisions (county_code));
diesel::joinable!(ratings -> accounts (account_id));
diesel::joinable!(ratings -> application_items (item_id));
diesel::joinable!(ratings -> offices (office_id));
diesel::joinable!(representations -> people (person_id));
diesel::joinable!(representations -> relationships (relationship_code));
diesel::joinable!(representations -> uploads (proof_upload_id));
diesel::joinable!(result_lookups -> people (person_id));
diesel::joinable!(review_requests -> accounts (filed_by));
diesel::joinable!(review_requests -> uploads (attachment_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(staff_assignments -> accounts (account_id));
diesel::joinable!(staff_assignments -> offices (office_id));
diesel::joinable!(staff_digests -> accounts (account_id));
diesel::joinable!(uploads -> accounts (owner_account_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    annual_reviews,
    application_items,
    application_materials,
    applications,
    appointments,
    assessment_sessions,
    audit_log,
    calendar_days,
    calendar_years,
    certificates,
    divisions,
    drafts,
    education_levels,
    ethnic_groups,
    inbox_messages,
    item_events,
    login_throttle,
    marital_statuses,
    offices,
    one_time_codes,
    outbox,
    password_resets,
    pending_registrations,
    people,
    public_objections,
    publications,
    rate_limits,
    ratings,
    reference_counters,
    relationships,
    representations,
    result_lookups,
    review_requests,
    sessions,
    staff_assignments,
    staff_digests,
    upload_blobs,
    uploads,
);
