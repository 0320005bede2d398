select
    subscription_id,
    customer_id,
    lower(plan)           as plan,
    lower(billing_period) as billing_period,
    price,
    upper(currency)       as currency,
    started_on,
    cancelled_on is not null as is_cancelled
from {{ ref('raw_subscriptions') }}
