{#-
    The nearest campus, building and floor of every space in `spaces` (a relation or CTE with
    space_key, space_type and parent_space_key), the space itself included: one row per space
    with space_key, campus_key, building_key and floor_key, each null when there is none.

    A macro, not a model: the walk needs every vendor's spaces, and marts.spaces is where they
    are unioned, so a model reading marts.spaces could not feed marts.spaces back.
-#}
{% macro space_ancestors(spaces) %}
    with recursive walk (space_key, ancestor_key, ancestor_type, next_parent_key, depth, path) as (
        select
            space_key,
            space_key,
            space_type,
            parent_space_key,
            0,
            [space_key]
        from {{ spaces }}
        union all
        select
            walk.space_key,
            parent.space_key,
            parent.space_type,
            parent.parent_space_key,
            walk.depth + 1,
            list_append(walk.path, parent.space_key)
        from walk
        -- a parent that is missing ends the walk; so does one already passed (a loop in the
        -- vendor's tree), which would otherwise recurse forever
        inner join {{ spaces }} as parent
            on walk.next_parent_key = parent.space_key
        where not list_contains(walk.path, parent.space_key)
    )

    select
        space_key,
        arg_min(ancestor_key, depth) filter (where ancestor_type = 'campus') as campus_key,
        arg_min(ancestor_key, depth) filter (where ancestor_type = 'building') as building_key,
        arg_min(ancestor_key, depth) filter (where ancestor_type = 'floor') as floor_key
    from walk
    group by space_key
{% endmacro %}
