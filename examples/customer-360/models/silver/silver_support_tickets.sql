-- Silver: tickets with their resolution time; one row per ticket.
select
    ticket_id,
    customer_id,
    opened_at,
    closed_at,
    channel,
    priority,
    status = 'open' as is_open,
    case
        when closed_at is not null
            then round(date_diff('minute', opened_at, closed_at) / 60.0, 1)
    end as resolution_hours,
    satisfaction_score
from {{ ref('bronze_support_tickets') }}
