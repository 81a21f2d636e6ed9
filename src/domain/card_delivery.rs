//! How the physical card reaches the person (证件送达), as each province's seed offers it:
//!
//! - 湖南 000 §三(三): 寄（送）证上门 — by post, or through the township and village
//!   (乡村两级残疾人组织…代领代送); 不得要求申请人到县或乡级残联领证, so never a window;
//! - 河南 004 附件1 十(一)1: 县级政务服务中心、乡镇（街道）便民服务中心发证窗口自取；快件寄递 —
//!   by post, or collected at a window;
//! - 浙江 002: 健全快递送、上门送等事项结果送达机制 — by post, or delivered to the door;
//! - elsewhere (001 §四(一)6: 通过快递方式…邮寄到申请人指定地点, for cards across provinces) by post,
//!   and through the township as the other seeds do, never requiring the person to come.

use crate::domain::policy::Profile;

/// A way the card reaches the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardDelivery {
    /// 邮寄: posted to the address given, with a tracking number.
    Post,
    /// 乡镇（街道）、村（社区）转交: handed over through the township or village.
    Township,
    /// 窗口自取: collected at the issuing window (Henan).
    Window,
}

impl CardDelivery {
    /// Every way, in the order forms list them.
    pub const ALL: [CardDelivery; 3] = [
        CardDelivery::Post,
        CardDelivery::Township,
        CardDelivery::Window,
    ];

    /// Stable code (answers, stored card method, locale keys).
    pub fn code(self) -> &'static str {
        match self {
            CardDelivery::Post => "post",
            CardDelivery::Township => "township",
            CardDelivery::Window => "window",
        }
    }

    /// The way with this code.
    pub fn from_code(code: &str) -> Option<CardDelivery> {
        CardDelivery::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The ways the province of `profile` offers (see the module's seeds).
    pub fn offered(profile: Profile) -> &'static [CardDelivery] {
        match profile {
            Profile::Henan => &[CardDelivery::Post, CardDelivery::Window],
            Profile::Hunan | Profile::Zhejiang | Profile::National => {
                &[CardDelivery::Post, CardDelivery::Township]
            }
        }
    }

    /// Whether sending the card this way has a tracking number.
    pub fn tracked(self) -> bool {
        self == CardDelivery::Post
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_henan_offers_a_window_and_hunan_never_asks_the_person_to_come() {
        assert_eq!(
            CardDelivery::offered(Profile::Henan),
            &[CardDelivery::Post, CardDelivery::Window]
        );
        for p in [Profile::Hunan, Profile::Zhejiang, Profile::National] {
            assert!(
                !CardDelivery::offered(p).contains(&CardDelivery::Window),
                "{p:?}"
            );
            assert!(CardDelivery::offered(p).contains(&CardDelivery::Post));
        }
        for d in CardDelivery::ALL {
            assert_eq!(CardDelivery::from_code(d.code()), Some(d));
        }
        assert!(CardDelivery::Post.tracked() && !CardDelivery::Window.tracked());
    }
}
