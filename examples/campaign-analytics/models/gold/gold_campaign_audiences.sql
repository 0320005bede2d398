{{ config(materialized='table', tags=['certified']) }}

-- Gold: one audience per country, segment and value tier, sized for campaign
-- planning, from the sales domain's customer profiles.
select
    country_code || '-' || segment || '-' || customer_tier as audience_id,
    country_code,
    segment,
    customer_tier,
    count(*)                                               as customer_count,
    coalesce(sum(lifetime_value), 0)                       as audience_value
from {{ source('sales', 'customer_profile') }}
group by country_code, segment, customer_tier
