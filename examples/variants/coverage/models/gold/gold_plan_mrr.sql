{{ config(materialized='table', tags=['certified']) }}

select
    plan,
    count(*)                        as active_subscriptions,
    round(sum(monthly_price), 2)    as mrr
from {{ ref('silver_subscriptions') }}
where is_active
group by plan
