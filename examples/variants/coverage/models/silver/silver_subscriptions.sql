-- Five documented columns, one of them tested: below the silver threshold.
select
    subscription_id,
    customer_id,
    plan,
    case billing_period when 'yearly' then price / 12 else price end as monthly_price,
    not is_cancelled as is_active
from {{ ref('bronze_subscriptions') }}
