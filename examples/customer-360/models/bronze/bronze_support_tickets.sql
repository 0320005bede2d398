-- Bronze: help-desk tickets; one row per ticket.
select
    ticket_id,
    customer_id,
    opened_at,
    closed_at,
    lower(channel)  as channel,
    lower(priority) as priority,
    lower(status)   as status,
    satisfaction_score
from {{ source('raw', 'raw_support_tickets') }}
