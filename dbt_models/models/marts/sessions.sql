with

raw_sessions as (
    select * from {{ ref('stg_density_v3__raw_sessions') }}
),

spaces as (
    select * from {{ ref('spaces') }}
),

located as (
    select
        'density:' || raw_sessions.space_id as space_key,
        raw_sessions.session_start_utc,
        raw_sessions.session_end_utc,
        timezone(spaces.time_zone, raw_sessions.session_start_utc) as session_start_local,
        timezone(spaces.time_zone, raw_sessions.session_end_utc) as session_end_local
    from raw_sessions
    left join spaces
        on 'density:' || raw_sessions.space_id = spaces.space_key
    where {{ near_run_days('raw_sessions.session_start_utc') }}
),

final as (
    select
        space_key,
        session_start_utc,
        session_end_utc,
        session_start_local,
        session_end_local,
        cast(session_start_local as date) as local_date,
        (epoch(session_end_utc) - epoch(session_start_utc)) / 3600 as duration_hours
    from located
)

select * from final
{{ where_run_days() }}
