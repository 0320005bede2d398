-- Silver: conformed customers; names joined, e-mail addresses normalised.
select
    customer_id,
    first_name || ' ' || last_name as full_name,
    lower(email)                   as email,
    country_code,
    signup_date,
    segment
from {{ ref('bronze_customers') }}
