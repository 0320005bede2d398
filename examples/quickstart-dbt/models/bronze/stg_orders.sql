-- Bronze: the raw export, typed and cleaned; one row per order.
select
    order_id,
    customer_id,
    trim(customer_name)  as customer_name,
    upper(country)       as country_code,
    order_date           as ordered_on,
    amount,
    lower(status)        as status
from {{ ref('raw_orders') }}
